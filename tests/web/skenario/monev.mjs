// monev.mjs - e-monev (#/monev): an OPD reports a quarter's realisation in the form; an inspector
// opens an evaluation of that OPD, records a finding, signs it and can no longer change it (the
// API refuses too); the OPD follows the finding up and the inspector closes it. And the reports
// (LRA as XLSX and CSV, the e-monev report as CSV) downloaded through the console.
import { readFileSync } from 'node:fs';
import { api, apiOk, assert, buka, foto, masuk, PEMDA, token } from '../lib.mjs';

const TAHUN = 2026; // the demo year: locked DPAs, so pockets for the financial side and the findings
const DINKES = '1.02.0.00.0.00.01.0000';
const SUB = '1.02.02.2.01.0016'; // in the Dinkes DPA of the demo
const SUB2 = '1.02.02.2.02.0002';
const INDIKATOR = 'Jumlah puskesmas yang direhabilitasi (uji e-monev)';
const P = `/v1/pemda/${PEMDA}`;

const terbaru = (vs) => vs.reduce((a, b) => (b.versi > a.versi ? b : a));

// The year's RKPD, locked, with the scenario's indicators for Dinkes, made by a Bappeda planner
// through the API as a user would: created (or derived from the locked version, or a draft left
// by an earlier run carried on), filled, submitted, verified and locked. The RKPD of 2026 belongs
// to this scenario file; other scenarios use other years.
async function siapkanRkpd(tok, tahun = TAHUN) {
	const versi = (await apiOk(tok, 'GET', `${P}/dokumen?tahun=${tahun}&jenis=rkpd&limit=500`)).items;
	let d = versi.length ? terbaru(versi) : null;
	if (d && d.status === 'locked') {
		const isi = await apiOk(tok, 'GET', `${P}/dokumen/${d.id}`);
		if (isi.baris.some((b) => b.indikator === INDIKATOR && b.opd_kode === DINKES)) return isi;
		d = await apiOk(tok, 'POST', `${P}/dokumen/${d.id}/turunan`, { alasan: 'Indikator e-monev Dinkes' });
	}
	if (!d) d = await apiOk(tok, 'POST', `${P}/dokumen`, { tahun, jenis: 'rkpd' });
	let r = await api(tok, 'GET', `${P}/dokumen/${d.id}`);
	if (r.data.status === 'draft' && !r.data.baris.some((b) => b.indikator === INDIKATOR)) {
		const baris = [
			{ sub_kegiatan: SUB, indikator: INDIKATOR, target: '16', satuan: 'unit', pagu_indikatif: '34816000.00' },
			{ sub_kegiatan: SUB2, indikator: 'Persentase ibu bersalin mendapat pelayanan (uji e-monev)', target: '100',
				satuan: 'persen', pagu_indikatif: '50000000.00' },
		];
		for (const b of baris) {
			await apiOk(tok, 'POST', `${P}/dokumen/${d.id}/baris`,
				{ opd_kode: DINKES, lokasi: 'Kota Padang', sumber_dana: '1.1', ...b });
		}
	}
	const urutan = { draft: 'submit', submitted: 'verify', verified: 'lock' };
	for (;;) {
		r = await api(tok, 'GET', `${P}/dokumen/${d.id}`);
		const aksi = urutan[r.data.status];
		if (!aksi) break;
		const t = await api(tok, 'POST', `${P}/dokumen/${d.id}/transisi`, { aksi }, { 'If-Match': r.etag });
		assert.equal(t.status, 200, `RKPD ${aksi}: ${JSON.stringify(t.data).slice(0, 400)}`);
	}
	assert.equal(r.data.status, 'locked');
	return r.data;
}

// The first quarter of the year still open (reports go only there); closing is irreversible, so
// this scenario never closes one.
async function twTerbuka(tok, tahun = TAHUN) {
	for (let tw = 1; tw <= 4; tw++) {
		const ev = await apiOk(tok, 'GET', `${P}/monev/evaluasi?tahun=${tahun}&triwulan=${tw}&opd=${DINKES}`);
		if (!ev.ditutup) return tw;
	}
	throw new Error(`every quarter of ${tahun} is closed on this cluster`);
}

async function tunggu(page) {
	await page.locator('main .layar:not([aria-busy])').waitFor();
}

// Signs in, selects the demo year, opens @hash.
async function masukTahun(browser, tok, hash, tahun = TAHUN) {
	const page = await masuk(browser, tok);
	await page.getByLabel('Tahun anggaran').selectOption(String(tahun));
	await tunggu(page);
	await buka(page, hash);
	return page;
}

async function pilih(page, label, value) {
	await page.getByLabel(label, { exact: true }).selectOption(String(value));
	await tunggu(page);
}

export async function ujiMonevInspektur(browser) {
	const bappeda = token('planner');
	const rkpd = await siapkanRkpd(bappeda);
	const indikator = rkpd.baris.find((b) => b.indikator === INDIKATOR && b.opd_kode === DINKES);
	const tw = await twTerbuka(bappeda);

	// 1. The Dinkes planner reports the quarter's realisation in the form.
	const opdTok = token('planner', DINKES);
	const opd = await masukTahun(browser, opdTok, '#/monev');
	await pilih(opd, 'Triwulan', tw);
	const grup = opd.getByRole('group', { name: INDIKATOR });
	await grup.getByLabel('Realisasi', { exact: true }).fill('4');
	await grup.getByLabel('Fisik (%)').fill('25,5');
	await grup.getByLabel('Catatan').fill('Dua puskesmas selesai direhabilitasi, dua dalam pengerjaan');
	await grup.getByLabel('Bukti').fill('BAST/027/DINKES/2026');
	await grup.getByRole('button', { name: 'Simpan realisasi' }).click();
	await grup.getByRole('status').filter({ hasText: 'Realisasi tersimpan' }).waitFor();
	// the evaluation beside it now shows capaian 4 / 16 = 25,00% and its predikat
	const baris = opd.locator('#monev-evaluasi .tabel-kinerja tr', { hasText: INDIKATOR });
	await baris.filter({ hasText: '25,00%' }).first().waitFor();
	assert.match(await baris.first().innerText(), /Sangat Rendah/);
	// the API has the report, as a decimal, for this indicator and quarter
	const ev = await apiOk(opdTok, 'GET', `${P}/monev/evaluasi?tahun=${TAHUN}&triwulan=${tw}&opd=${DINKES}`);
	const k = ev.kinerja.find((x) => x.rkpd_id === rkpd.id && x.baris === indikator.baris);
	assert.equal(k.realisasi, '4.0000');
	assert.equal(k.fisik, '25.50');
	assert.equal(k.capaian, '25.00');
	assert.equal(k.dilaporkan, true);
	// an OPD's planner neither closes quarters nor opens evaluations
	assert.equal(await opd.getByRole('button', { name: 'Tutup triwulan' }).count(), 0);
	assert.equal(await opd.getByRole('button', { name: 'Buka pemeriksaan' }).count(), 0);
	await foto(opd, 'monev-formulir-realisasi');

	// 2. The inspector opens an evaluation of Dinkes for that quarter, adds a finding, signs.
	const inspTok = token('inspector');
	const insp = await masukTahun(browser, inspTok, '#/monev');
	await pilih(insp, 'OPD', DINKES);
	await pilih(insp, 'Triwulan', tw);
	assert.equal(await insp.getByRole('button', { name: 'Simpan realisasi' }).count(), 0, 'an inspector reports nothing');
	assert.equal(await insp.getByRole('button', { name: 'Tutup triwulan' }).count(), 0, 'an inspector closes no quarter');
	await insp.getByRole('button', { name: 'Buka pemeriksaan' }).click();
	await insp.waitForFunction(() => /^#\/monev\/pemeriksaan\/\d+$/.test(location.hash));
	await tunggu(insp);
	const id = Number((await insp.evaluate(() => location.hash)).split('/').pop());
	await insp.getByLabel('Sub kegiatan', { exact: true }).selectOption(SUB);
	await insp.getByLabel('Predikat').selectOption('Rendah');
	await insp.getByLabel('Temuan', { exact: true }).fill('Bukti fisik rehabilitasi dua puskesmas belum lengkap');
	await insp.getByLabel('Rekomendasi').fill('Lengkapi foto dan berita acara serah terima');
	await insp.getByRole('button', { name: 'Simpan temuan' }).click();
	await insp.getByRole('status').filter({ hasText: 'Temuan 1 tersimpan' }).waitFor();
	await insp.getByRole('button', { name: 'Tandatangani' }).click();
	const dialog = insp.getByRole('dialog');
	await dialog.waitFor();
	assert.match(await dialog.innerText(), /Setelah ditandatangani tidak dapat diubah/);
	await dialog.getByRole('button', { name: 'Ya, tandatangani' }).click();
	await insp.getByRole('status').filter({ hasText: 'Pemeriksaan ditandatangani' }).waitFor();
	// immutable now: no finding form, no sign button; the hash and its check are shown
	assert.equal(await insp.getByRole('button', { name: 'Simpan temuan' }).count(), 0);
	assert.equal(await insp.getByLabel('Rekomendasi').count(), 0);
	assert.equal(await insp.getByRole('button', { name: 'Tandatangani' }).count(), 0);
	const p = await apiOk(inspTok, 'GET', `${P}/pemeriksaan/${id}`);
	assert.equal(p.status, 'signed');
	assert.equal(p.hash_cocok, true);
	assert.equal(p.temuan.length, 1);
	assert.equal(p.temuan[0].sub_kegiatan, SUB);
	assert.equal(p.temuan[0].predikat, 'Rendah');
	assert.equal((await insp.locator('#pemeriksaan-hash').innerText()).trim(), p.hash);
	assert.match(await insp.locator('#pemeriksaan-hash-cocok').innerText(), /^Cocok/);
	assert.equal(await insp.getByRole('button', { name: 'Kirim tindak lanjut' }).count(), 0, 'the inspector does not follow up');
	await foto(insp, 'monev-pemeriksaan-ditandatangani');
	// and the API refuses a finding on the signed evaluation
	const tolak = await api(inspTok, 'POST', `${P}/pemeriksaan/${id}/temuan`,
		{ sub_kegiatan: SUB, predikat: 'Sedang', temuan: 'Temuan susulan', rekomendasi: 'Tidak boleh masuk' });
	assert.equal(tolak.status, 409, JSON.stringify(tolak.data));
	assert.equal(tolak.data.type, 'urn:pagu:problem:conflict');
	assert.equal((await apiOk(inspTok, 'GET', `${P}/pemeriksaan/${id}`)).hash, p.hash);

	// 3. The Dinkes planner finds it in the list, opens it and adds a follow-up.
	await opd.reload(); // the list as it is now
	await opd.locator('#pengguna').waitFor();
	await tunggu(opd);
	await opd.getByRole('link', { name: `Pemeriksaan #${id}`, exact: true }).click();
	await opd.waitForFunction((x) => location.hash === `#/monev/pemeriksaan/${x}`, id);
	await tunggu(opd);
	await opd.getByText('Bukti fisik rehabilitasi dua puskesmas belum lengkap').waitFor();
	assert.equal(await opd.getByRole('button', { name: 'Tutup temuan' }).count(), 0, 'an OPD does not close findings');
	const tl = opd.getByRole('group', { name: 'Tindak lanjut temuan 1' });
	await tl.getByLabel('Uraian tindak lanjut').fill('Foto dan BAST kedua puskesmas sudah dilengkapi');
	await tl.getByLabel('Bukti').fill('BAST/031/DINKES/2026');
	await tl.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
	await opd.getByRole('status').filter({ hasText: 'Tindak lanjut temuan 1 tercatat' }).waitFor();
	await opd.locator('.tindak-lanjut li', { hasText: 'Foto dan BAST kedua puskesmas sudah dilengkapi' }).waitFor();
	const p2 = await apiOk(opdTok, 'GET', `${P}/pemeriksaan/${id}`);
	assert.deepEqual(p2.temuan[0].tindak_lanjut.map((x) => [x.uraian, x.bukti]),
		[['Foto dan BAST kedua puskesmas sudah dilengkapi', 'BAST/031/DINKES/2026']]);
	assert.equal(p2.hash_cocok, true, 'a follow-up does not touch what was signed');
	await opd.setViewportSize({ width: 800, height: 1100 });
	const lebih = await opd.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(lebih <= 1, `the evaluation is ${lebih}px wider than a tablet screen`);
	await foto(opd, 'monev-tindak-lanjut');

	// 4. The inspector closes the finding (confirming); no follow-up after that.
	await buka(insp, `#/monev/pemeriksaan/${id}`);
	const tutup = insp.getByRole('group', { name: 'Tutup temuan 1' });
	await tutup.getByLabel('Catatan penutupan').fill('Tindak lanjut memadai');
	await tutup.getByRole('button', { name: 'Tutup temuan' }).click();
	await insp.getByRole('dialog').getByRole('button', { name: 'Ya, tutup temuan' }).click();
	await insp.getByRole('status').filter({ hasText: 'Temuan 1 ditutup' }).waitFor();
	assert.equal(await insp.getByRole('button', { name: 'Tutup temuan' }).count(), 0);
	assert.equal((await apiOk(inspTok, 'GET', `${P}/pemeriksaan/${id}`)).temuan[0].selesai.catatan, 'Tindak lanjut memadai');
	const lagi = await api(opdTok, 'POST', `${P}/pemeriksaan/${id}/temuan/1/tindak-lanjut`, { uraian: 'terlambat' });
	assert.equal(lagi.status, 409, JSON.stringify(lagi.data));

	assert.deepEqual(opd.galat, []);
	assert.deepEqual(insp.galat, []);
	await opd.context().close();
	await insp.context().close();
}

export async function ujiUnduhan(browser) {
	const tok = token('finance');
	const page = await masukTahun(browser, tok, '#/monev');
	const urls = [];
	page.on('request', (r) => urls.push(r.url()));
	await pilih(page, 'Triwulan', 1);
	await page.getByLabel('Cakupan laporan').selectOption(DINKES);
	const sampai = page.getByLabel('LRA sampai tanggal');
	assert.equal(await sampai.inputValue(), `${TAHUN}-03-31`, 'the LRA defaults to the end of the quarter');
	await page.locator('#monev-unduhan').scrollIntoViewIfNeeded();
	await foto(page, 'monev-unduhan');

	const unduh = async (tombol) => {
		const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: tombol }).click()]);
		await page.locator('#monev-unduhan').getByRole('status').filter({ hasText: d.suggestedFilename() }).waitFor();
		return { nama: d.suggestedFilename(), isi: readFileSync(await d.path()) };
	};

	const xlsx = await unduh('Unduh LRA (XLSX)');
	assert.equal(xlsx.nama, `LRA_Kota_Padang_TA${TAHUN}_sd_${TAHUN}-03-31_Dinkes.xlsx`);
	assert.equal(xlsx.isi.subarray(0, 2).toString('latin1'), 'PK');

	const csv = await unduh('Unduh LRA (CSV)');
	assert.equal(csv.nama, `LRA_Kota_Padang_TA${TAHUN}_sd_${TAHUN}-03-31_Dinkes.csv`);
	const teks = csv.isi.toString('utf8');
	// issue 18: the LRA shows the murni budget and the change beside the budget in force
	assert.equal(teks.split(/\r?\n/)[0], 'Level,Kode Rekening,Uraian,Anggaran,Realisasi,Persen,Lebih/(Kurang),Anggaran Murni,Bertambah/(Berkurang)');
	// the same file the API gives for Dinkes to the end of March: the console passed the filters
	const lra = await api(tok, 'GET', `${P}/laporan/lra?tahun=${TAHUN}&sampai=${TAHUN}-03-31&opd=${DINKES}&format=csv`);
	assert.equal(teks, lra.data);
	assert.match(teks, /^1,5,BELANJA DAERAH,7995383000\.00,/m, 'Dinkes belanja, exact decimals');

	const mcsv = await unduh('Unduh laporan e-monev (CSV)');
	assert.equal(mcsv.nama, `Laporan_eMonev_Kota_Padang_TA${TAHUN}_TW_I_Dinkes.csv`);
	const mteks = mcsv.isi.toString('utf8');
	assert.equal(mteks.split(/\r?\n/)[0], 'Kode OPD,Kode Program,Program,Kode Kegiatan,Kegiatan,Kode Sub Kegiatan,' +
		'Sub Kegiatan,Indikator,Satuan,Target,Realisasi TW I,Realisasi TW II,Realisasi TW III,Realisasi TW IV,' +
		'Realisasi Kumulatif,Fisik (%),Capaian Kinerja (%),Predikat Kinerja,Anggaran (Rp),Realisasi Keuangan (Rp),' +
		'Capaian Keuangan (%),Predikat Keuangan');
	const mapi = await api(tok, 'GET', `${P}/laporan/monev?tahun=${TAHUN}&triwulan=1&opd=${DINKES}&format=csv`);
	assert.equal(mteks, mapi.data);

	// a date outside the year is refused by the API and shown at the field
	await sampai.fill(`${TAHUN + 1}-01-15`);
	await page.getByRole('button', { name: 'Unduh LRA (CSV)' }).click();
	const galat = page.locator('#monev-unduhan').getByRole('alert');
	await galat.waitFor();
	assert.match(await galat.innerText(), /Sampai tanggal/);
	assert.equal(await sampai.getAttribute('aria-invalid'), 'true');

	// at a tablet's width nothing is wider than the screen but the tables' own scrolling boxes
	await page.setViewportSize({ width: 800, height: 1100 });
	const lebih = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(lebih <= 1, `#/monev is ${lebih}px wider than a tablet screen`);

	// the token went in a header, never in an address
	assert.ok(urls.length > 0);
	assert.deepEqual(urls.filter((u) => u.includes('pagu_')), []);
	assert.deepEqual(page.galat, []);
	await page.context().close();
}

// Closing a quarter and correcting it afterwards, in a year of its own (2025: no other scenario
// reports or closes there, and it is past: a quarter closes only after it has ended). Bappeda closes the quarter in the console and sees its hash; the OPD,
// in a new tab (so nothing is remembered from its own report), corrects the closed report: the
// form names the report from the API's laporan_id; the closed quarter keeps its figures and hash,
// and the correction counts from the next quarter on.
export async function ujiTutupDanKoreksi(browser) {
	const TAHUN2 = 2025;
	const bappeda = token('planner');
	const rkpd = await siapkanRkpd(bappeda, TAHUN2);
	const tw = await twTerbuka(bappeda, TAHUN2);
	assert.ok(tw <= 3, `quarters of ${TAHUN2} are closed up to ${tw - 1} on this cluster: use a fresh one`);
	const indikator = rkpd.baris.find((b) => b.indikator === INDIKATOR && b.opd_kode === DINKES);
	const evalTw = async (q) => (await apiOk(bappeda, 'GET', `${P}/monev/evaluasi?tahun=${TAHUN2}&triwulan=${q}&opd=${DINKES}`))
		.kinerja.find((k) => k.rkpd_id === rkpd.id && k.baris === indikator.baris);
	const opdTok = token('planner', DINKES);

	// the OPD reports 4
	let opd = await masukTahun(browser, opdTok, '#/monev', TAHUN2);
	await pilih(opd, 'Triwulan', tw);
	let grup = opd.getByRole('group', { name: INDIKATOR });
	await grup.getByLabel('Realisasi', { exact: true }).fill('4');
	await grup.getByLabel('Fisik (%)').fill('20');
	await grup.getByRole('button', { name: 'Simpan realisasi' }).click();
	await grup.getByRole('status').filter({ hasText: 'Realisasi tersimpan' }).waitFor();
	const laporan = (await evalTw(tw)).laporan_id;
	assert.ok(laporan > 0);
	await opd.context().close();

	// Bappeda closes the quarter in the console, confirming the dialog
	const bap = await masukTahun(browser, bappeda, '#/monev', TAHUN2);
	await pilih(bap, 'Triwulan', tw);
	await bap.getByRole('button', { name: 'Tutup triwulan' }).click();
	await bap.getByRole('dialog').getByRole('button', { name: 'Ya, tutup' }).click();
	const selesai = bap.locator('#monev-status .sukses', { hasText: 'ditutup' });
	await selesai.waitFor();
	const ditutup = await apiOk(bappeda, 'GET', `${P}/monev/evaluasi?tahun=${TAHUN2}&triwulan=${tw}&opd=${DINKES}`);
	assert.equal(ditutup.ditutup, true);
	assert.match(await selesai.innerText(), new RegExp(ditutup.hash));
	// each warning of the closing's rules is said once: a rule failing in several groups lists every
	// group's message, and not the first one again as the rule's own message
	const pesanAturan = await bap.locator('#monev-status .aturan-item').evaluateAll((els) => els.flatMap((el) =>
		[...el.querySelectorAll('.aturan-pesan, .aturan-kelompok > li')].map((x) => x.textContent.trim())));
	assert.equal(new Set(pesanAturan).size, pesanAturan.length, `a warning shown twice: ${pesanAturan.join(' | ')}`);
	await foto(bap, 'monev-triwulan-ditutup');
	assert.deepEqual(bap.galat, []);
	await bap.context().close();

	// the OPD, in a new tab, corrects the closed quarter: the report's number comes from the API
	opd = await masukTahun(browser, opdTok, '#/monev', TAHUN2);
	await pilih(opd, 'Triwulan', tw);
	grup = opd.getByRole('group', { name: INDIKATOR });
	assert.equal(await grup.getByLabel('Nomor laporan yang dikoreksi').inputValue(), String(laporan));
	await grup.getByLabel('Realisasi', { exact: true }).fill('5');
	await grup.getByLabel('Fisik (%)').fill('22');
	await grup.getByRole('button', { name: 'Simpan koreksi' }).click();
	await grup.getByRole('status').filter({ hasText: 'Koreksi tersimpan' }).waitFor();
	await foto(opd, 'monev-koreksi');
	// the closed quarter is as it was sealed; from the next quarter the corrected 5 counts
	const sesudah = await apiOk(bappeda, 'GET', `${P}/monev/evaluasi?tahun=${TAHUN2}&triwulan=${tw}&opd=${DINKES}`);
	assert.equal(sesudah.hash, ditutup.hash);
	assert.equal((await evalTw(tw)).realisasi, '4.0000');
	const sen4 = (x) => BigInt(x.replace('.', ''));
	assert.equal(sen4((await evalTw(tw + 1)).realisasi_kumulatif) - sen4((await evalTw(tw)).realisasi_kumulatif), 10000n);
	assert.deepEqual(opd.galat, []);
	await opd.context().close();
}
