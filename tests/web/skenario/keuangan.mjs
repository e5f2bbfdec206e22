// keuangan.mjs - the finance screen (#/keuangan): a finance user is refused a lock by a rule, sees
// the rule and its citation, has the RKA fixed and then locks it; versions and their diff; the
// pockets of the ledger with the entries behind one, after an SPD and an SP2D made in the UI.
//
// Its own data: TA 2028 (no other scenario uses it) for Satpol PP, a Perkada rule that applies to
// TA 2028 only, and ledger postings on Dinsos TA 2026 (no other scenario posts there).
import { readFileSync } from 'node:fs';
import { api, apiOk, assert, buka, foto, masuk, PEMDA, token } from '../lib.mjs';

const P = `/v1/pemda/${PEMDA}`;
const TAHUN = 2028;
const OPD = '1.05.0.00.0.00.01.0000'; // Satpol PP
const SUB = '1.05.02.2.01.0001';
const ATK = '5.1.02.01.01.0024'; // Belanja Alat/Bahan untuk Kegiatan Kantor - Alat Tulis Kantor
const CITE = 'Perwali Padang 12/2027 Pasal 5 ayat (2)';
const DINSOS = '1.06.0.00.0.00.01.0000';

const ATURAN = `# ${CITE}: belanja alat tulis kantor per baris dibatasi (uji konsol keuangan, TA 2028 saja).
rule uji_keuangan_atk_maks_25jt "Belanja alat tulis kantor paling tinggi Rp25.000.000 per baris"
  cite "${CITE}"
  on lock rka
  severity error
  for each baris where akun ${ATK}
  applies tahun == ${TAHUN}
  assert jumlah <= 25000000
  message "{kode}: belanja ATK {jumlah} melebihi batas Rp25.000.000"
`;

async function muatUlang(page) {
	await page.reload();
	await page.locator('main .layar:not([aria-busy]) .ringkasan-dokumen').waitFor();
}

const terbaru = (items) => items.sort((a, b) => b.versi - a.versi)[0] || null;

// A transition through the API with the document's current ETag.
async function transisi(tok, id, aksi, alasan) {
	const g = await api(tok, 'GET', `${P}/dokumen/${id}`);
	const r = await api(tok, 'POST', `${P}/dokumen/${id}/transisi`, alasan ? { aksi, alasan } : { aksi }, { 'If-Match': g.etag });
	if (r.status !== 200) throw new Error(`${aksi} ${id}: ${r.status} ${JSON.stringify(r.data).slice(0, 400)}`);
	return r.data;
}

async function hapusBaris(tok, id, baris) {
	const g = await api(tok, 'GET', `${P}/dokumen/${id}`);
	const r = await api(tok, 'DELETE', `${P}/dokumen/${id}/baris/${baris}`, undefined, { 'If-Match': g.etag });
	if (r.status >= 300) throw new Error(`DELETE baris ${baris} of ${id}: ${r.status} ${JSON.stringify(r.data)}`);
}

// Drives a version from wherever it is to locked (finance does KUA-PPAS throughout).
async function sampaiTerkunci(tok, d) {
	const urut = { draft: 'submit', submitted: 'verify', verified: 'lock' };
	while (d.status !== 'locked') d = await transisi(tok, d.id, urut[d.status]);
	return d;
}

// A locked KUA-PPAS of TAHUN with plafon for OPD and SUB (made once, or a new version that adds them).
async function siapkanKuaPpas(keu) {
	let k = terbaru((await apiOk(keu, 'GET', `${P}/dokumen?tahun=${TAHUN}&jenis=kua_ppas`)).items);
	if (k && k.status === 'locked') {
		const isi = await apiOk(keu, 'GET', `${P}/dokumen/${k.id}`);
		if (isi.baris.some((b) => b.jenis === 'sub_kegiatan' && b.opd_kode === OPD && b.sub_kegiatan === SUB)) return isi;
		k = await apiOk(keu, 'POST', `${P}/dokumen/${k.id}/turunan`, { alasan: 'plafon Satpol PP untuk uji konsol' });
	}
	if (!k) k = await apiOk(keu, 'POST', `${P}/dokumen`, { tahun: TAHUN, jenis: 'kua_ppas' });
	if (k.status !== 'draft') return sampaiTerkunci(keu, k);
	const isi = await apiOk(keu, 'GET', `${P}/dokumen/${k.id}`);
	if (!isi.baris.some((b) => b.jenis === 'opd' && b.opd_kode === OPD))
		await apiOk(keu, 'POST', `${P}/dokumen/${k.id}/baris`, { jenis: 'opd', opd_kode: OPD, jumlah: '900000000.00' });
	if (!isi.baris.some((b) => b.jenis === 'sub_kegiatan' && b.opd_kode === OPD && b.sub_kegiatan === SUB))
		await apiOk(keu, 'POST', `${P}/dokumen/${k.id}/baris`, { jenis: 'sub_kegiatan', opd_kode: OPD, sub_kegiatan: SUB, jumlah: '600000000.00' });
	return sampaiTerkunci(keu, await apiOk(keu, 'GET', `${P}/dokumen/${k.id}`));
}

// A draft RKA of OPD for TAHUN with no lines: version 1, or the next version after earlier runs.
async function rkaKosong(opdTok, keu) {
	let d = terbaru((await apiOk(opdTok, 'GET', `${P}/dokumen?tahun=${TAHUN}&jenis=rka&opd=${OPD}`)).items);
	if (!d) return apiOk(opdTok, 'POST', `${P}/dokumen`, { tahun: TAHUN, jenis: 'rka', opd_kode: OPD });
	if (d.status === 'locked') d = await apiOk(opdTok, 'POST', `${P}/dokumen/${d.id}/turunan`, { alasan: 'uji konsol keuangan' });
	if (d.status === 'submitted' || d.status === 'verified') d = await transisi(keu, d.id, 'reject', 'uji konsol: mulai lagi');
	for (const b of (await apiOk(opdTok, 'GET', `${P}/dokumen/${d.id}`)).baris) await hapusBaris(opdTok, d.id, b.baris);
	return d;
}

const baris = (uraian, akun, koefisien, harga) => ({ sub_kegiatan: SUB, akun, uraian, koefisien, harga_satuan: harga, sumber_dana: '1.1' });

export async function ujiKunciDitolakLaluBerhasil(browser) {
	const admin = token('admin');
	const keu = token('finance');
	const satpol = token('planner', OPD);

	// the Perkada rule (a new version on every run is fine: the newest is in force)
	await apiOk(admin, 'POST', `${P}/rules/perkada`, { nama: 'uji_keuangan_atk', judul: 'Perwali Padang 12/2027 tentang Standar Belanja',
		berlaku: '2026-01-01', isi: ATURAN });
	await siapkanKuaPpas(keu);
	const rka = await rkaKosong(satpol, keu);
	const lebih = await apiOk(satpol, 'POST', `${P}/dokumen/${rka.id}/baris`, baris('Alat tulis kantor setahun', ATK, ['12 bulan'], '2500000.00'));
	assert.equal(lebih.jumlah, '30000000.00');
	await apiOk(satpol, 'POST', `${P}/dokumen/${rka.id}/baris`, baris('Alat tulis kantor posko', ATK, ['8 paket'], '2000000.00'));
	await apiOk(satpol, 'POST', `${P}/dokumen/${rka.id}/baris`, baris('Honorarium narasumber', '5.1.02.02.01.0020', ['4 orang', '3 kali'], '1500000.00'));
	await transisi(satpol, rka.id, 'submit');
	await transisi(keu, rka.id, 'verify');

	// the finance user opens it and tries to lock: the dialog shows the violation and its citation
	const page = await masuk(browser, keu, `#/keuangan/dokumen/${rka.id}`);
	await page.locator('.ringkasan-dokumen').waitFor();
	const h1 = page.getByRole('heading', { level: 1 });
	assert.match(await h1.innerText(), /RKA Satpol PP TA 2028/);
	const ringkas = page.locator('.ringkasan-dokumen');
	assert.equal(await ringkas.locator('.lencana[class*="status-"]').innerText(), 'Diverifikasi');
	assert.equal(await ringkas.locator('.lencana.tahap').innerText(), 'Murni'); // issue 18: the version's tahap beside it
	assert.match(await ringkas.innerText(), /Rp64\.000\.000,00/); // 30 + 16 + 18 juta
	await page.getByRole('button', { name: 'Kunci', exact: true }).click();
	const dialog = page.getByRole('dialog');
	await dialog.waitFor();
	const teksDialog = await dialog.innerText();
	assert.match(teksDialog, /Aturan yang berlaku akan menolak tindakan ini: 1 aturan dilanggar/);
	const langgar = dialog.locator('.aturan-item.gagal[data-rule="uji_keuangan_atk_maks_25jt"]');
	assert.equal(await langgar.count(), 1);
	assert.match(await langgar.innerText(), /baris \d+: belanja ATK Rp30\.000\.000,00 melebihi batas Rp25\.000\.000/);
	assert.equal(await langgar.locator('cite').innerText(), CITE);
	await foto(page, 'keuangan-1-dialog-pelanggaran');

	// the user tries anyway: the server refuses, and the refusal names the rule and its citation
	await dialog.getByRole('button', { name: 'Kunci sekarang' }).click();
	const galat = page.locator('.slot-aksi .galat');
	await galat.waitFor();
	assert.equal(await galat.getAttribute('data-type'), 'rules-refused');
	assert.match(await galat.innerText(), /Ditolak oleh aturan yang berlaku/);
	assert.equal(await galat.locator('[data-rule="uji_keuangan_atk_maks_25jt"] cite').innerText(), CITE);
	await foto(page, 'keuangan-2-penolakan');
	assert.equal((await apiOk(keu, 'GET', `${P}/dokumen/${rka.id}`)).status, 'verified');

	// TAPD sends it back with a reason (the dialog asks for one)
	await page.getByRole('button', { name: 'Tolak', exact: true }).click();
	await page.getByRole('dialog').getByLabel('Alasan penolakan').fill('Belanja ATK melebihi Perwali 12/2027; pecah atau kurangi.');
	await page.getByRole('dialog').getByRole('button', { name: 'Tolak dokumen' }).click();
	await page.locator('.slot-aksi .sukses').waitFor();
	assert.equal(await ringkas.locator('.lencana[class*="status-"]').innerText(), 'Draf');
	assert.equal((await apiOk(keu, 'GET', `${P}/dokumen/${rka.id}`)).status, 'draft');
	// a draft offers the finance user no lock, verify or reject
	assert.equal(await page.getByRole('button', { name: 'Kunci', exact: true }).count(), 0);
	assert.equal(await page.getByRole('button', { name: 'Tolak', exact: true }).count(), 0);

	// the OPD removes the offending line and submits again; TAPD verifies
	await hapusBaris(satpol, rka.id, lebih.baris);
	await transisi(satpol, rka.id, 'submit');
	await transisi(keu, rka.id, 'verify');

	// now the lock goes through
	await muatUlang(page);
	await page.getByRole('button', { name: 'Kunci', exact: true }).click();
	await page.getByRole('dialog').waitFor();
	assert.match(await page.getByRole('dialog').innerText(), /tindakan ini akan diterima/);
	assert.equal(await page.getByRole('dialog').locator('.aturan-item.gagal').count(), 0);
	await page.getByRole('dialog').getByRole('button', { name: 'Kunci sekarang' }).click();
	await page.locator('.slot-aksi .sukses').waitFor();
	assert.match(await page.locator('.slot-aksi .sukses').innerText(), /Dokumen dikunci dan disegel/);
	assert.equal(await ringkas.locator('.lencana[class*="status-"]').innerText(), 'Dikunci');
	const terkunci = await apiOk(keu, 'GET', `${P}/dokumen/${rka.id}`);
	assert.equal(terkunci.status, 'locked');
	assert.match(terkunci.hash, /^[0-9a-f]{64}$/);
	assert.match(await ringkas.innerText(), new RegExp(terkunci.hash.slice(0, 12)));
	const rantai = page.locator('.hasil-rantai');
	assert.match(await rantai.innerText(), /Rantai hash utuh: \d+ versi terkunci/);
	assert.equal((await apiOk(keu, 'GET', `${P}/dokumen/${rka.id}/verifikasi`)).ok, true);
	// the refused lock is in the history, next to the accepted one
	const riwayat = await page.getByRole('region', { name: 'Riwayat evaluasi aturan' }).innerText();
	assert.match(riwayat, /penetapan RKA\s+Ditolak/);
	assert.match(riwayat, /penetapan RKA\s+Diterima/);
	await foto(page, 'keuangan-3-dikunci');

	// the CSV of the locked version
	const [unduhan] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh CSV' }).click()]);
	assert.match(unduhan.suggestedFilename(), /^rka-1\.05\.0\.00\.0\.00\.01\.0000-2028-v\d+\.csv$/);
	const csv = readFileSync(await unduhan.path(), 'utf8');
	assert.match(csv, /Honorarium narasumber/);
	assert.doesNotMatch(csv, /Alat tulis kantor setahun/);

	// a new version (pergeseran) from the locked one, changed by the OPD, compared with it
	await page.getByRole('button', { name: 'Buat versi baru' }).click();
	await page.getByRole('dialog').getByLabel('Alasan versi baru').fill('Pergeseran anggaran uji');
	await page.getByRole('dialog').getByRole('button', { name: 'Buat versi' }).click();
	await page.waitForFunction((v) => /Versi (\d+)/.exec(document.querySelector('main .judul-layar p')?.textContent || '')?.[1] === String(v),
		terkunci.versi + 1);
	const v2 = terbaru((await apiOk(keu, 'GET', `${P}/dokumen?tahun=${TAHUN}&jenis=rka&opd=${OPD}`)).items);
	assert.equal(v2.versi, terkunci.versi + 1);
	assert.equal(v2.status, 'draft');
	const posko = terkunci.baris.find((b) => b.uraian === 'Alat tulis kantor posko');
	await hapusBaris(satpol, v2.id, posko.baris);
	await apiOk(satpol, 'POST', `${P}/dokumen/${v2.id}/baris`, baris('Pakaian dinas lapangan', '5.1.02.01.01.0004', ['20 stel'], '450000.00'));
	await muatUlang(page);
	await page.getByLabel('Bandingkan dengan versi').selectOption({ label: `Versi ${terkunci.versi} (dikunci)` });
	await page.getByRole('button', { name: 'Bandingkan' }).click();
	const diff = page.locator('.hasil-diff');
	await diff.locator('table').waitFor();
	const teksDiff = await diff.innerText();
	assert.match(teksDiff, /1 baris ditambah, 1 dihapus, 0 diubah; selisih bersih belanja -Rp7\.000\.000,00\./); // +9 juta - 16 juta
	assert.match(teksDiff, /Tambah\s+\d+\s+Satpol PP\s+1\.05\.02\.2\.01\.0001\s+5\.1\.02\.01\.01\.0004\s+Pakaian dinas lapangan\s+–\s+Rp9\.000\.000,00\s+Rp9\.000\.000,00/);
	assert.match(teksDiff, /Hapus\s+\d+.*Alat tulis kantor posko\s+Rp16\.000\.000,00\s+–\s+-Rp16\.000\.000,00/);
	const apiDiff = await apiOk(keu, 'GET', `${P}/dokumen/${v2.id}/diff?dengan=${terkunci.id}`);
	assert.equal(apiDiff.selisih.belanja, '-7000000.00');
	assert.equal(apiDiff.selisih.pendapatan, '0.00');
	await diff.scrollIntoViewIfNeeded();
	await foto(page, 'keuangan-4-diff');

	// pockets: Dinsos TA 2026; an SPD and a direct SP2D in the UI, then the entries behind the pocket
	await page.getByLabel('Tahun anggaran').selectOption('2026');
	await buka(page, '#/keuangan/kantong');
	await page.locator('.hasil-ledger .sukses, .hasil-ledger .galat').first().waitFor();
	await page.getByLabel('OPD', { exact: true }).first().selectOption(DINSOS);
	await page.getByRole('button', { name: 'Tampilkan' }).click();
	await page.locator('.layar-keuangan table caption', { hasText: 'Kantong TA 2026' }).waitFor();
	const semuaKantong = (await apiOk(keu, 'GET', `${P}/ledger/kantong?tahun=2026&opd=${DINSOS}&limit=25`)).items;
	const k = semuaKantong.find((x) => x.arah === 'keluar' && BigInt(x.tersedia.replace('.', '')) >= 125000000n);
	assert.ok(k, 'Dinsos has a spending pocket with Rp1.250.000 available');
	const baris1 = page.locator('.layar-keuangan tbody tr', { hasText: '#' + k.kantong_id }).first();
	assert.match(await baris1.innerText(), new RegExp(k.akun.replace(/\./g, '\\.')));

	const nomor = `${Date.now()}`;
	const spd = page.getByRole('region', { name: 'Catat SPD' });
	await spd.getByLabel('OPD').selectOption(DINSOS);
	await spd.getByLabel('Nomor SPD').fill(`SPD-UJI-${nomor}`);
	await spd.getByLabel('Tanggal').fill('2026-06-01');
	await spd.getByLabel('Sampai bulan').selectOption({ label: 'Desember' });
	await spd.getByLabel('Jumlah (Rp)').fill('5.000.000,00');
	await spd.getByRole('button', { name: 'Catat SPD' }).click();
	await spd.locator('.sukses').waitFor();
	assert.match(await spd.locator('.sukses').innerText(), new RegExp(`SPD SPD-UJI-${nomor} dicatat`));

	await page.getByRole('button', { name: `Lihat entri kantong ${k.kantong_id}` }).click();
	const detail = page.locator('.kantong-terpilih');
	await detail.waitFor();
	await detail.getByLabel('Nomor SP2D').fill(`SP2D-UJI-${nomor}`);
	await detail.getByLabel('Tanggal').fill('2026-06-15');
	await detail.getByLabel('Jumlah (Rp)').fill('abc');
	await detail.getByRole('button', { name: 'Catat SP2D' }).click();
	// a malformed amount is refused here, with the field marked
	await detail.locator('.galat').waitFor();
	assert.equal(await detail.getByLabel('Jumlah (Rp)').getAttribute('aria-invalid'), 'true');
	await detail.getByLabel('Jumlah (Rp)').fill('1.250.000,00');
	await detail.getByRole('button', { name: 'Catat SP2D' }).click();
	await page.locator('.kantong-terpilih .slot-sp2d .sukses').waitFor();
	const sesudah = (await apiOk(keu, 'GET', `${P}/ledger/kantong?tahun=2026&opd=${DINSOS}&limit=25`)).items.find((x) => x.kantong_id === k.kantong_id);
	const sen = (s) => BigInt(s.replace('.', ''));
	assert.equal(sen(sesudah.realisasi) - sen(k.realisasi), 125000000n);
	const entri = page.locator('.kantong-terpilih table', { has: page.locator('caption', { hasText: 'Entri yang menyentuh' }) });
	const rowSp2d = entri.locator('tbody tr', { hasText: `SP2D-UJI-${nomor}` });
	assert.equal(await rowSp2d.count(), 1);
	// every entry behind the pocket, no other: as many rows as the API lists for it
	const dibalik = (await apiOk(keu, 'GET', `${P}/ledger/entri?tahun=2026&kantong=${k.kantong_id}&limit=500`)).items;
	assert.ok(dibalik.length >= 1);
	assert.equal(await entri.locator('tbody tr').count(), dibalik.length);
	assert.match(await rowSp2d.innerText(), /SP2D.*Rp1\.250\.000,00.*Rp0,00.*Rp1\.250\.000,00/s);
	assert.match(await detail.innerText(), new RegExp('Realisasi\\s+' + 'Rp' + '[\\d.]+,\\d\\d'));
	assert.match(await page.locator('.hasil-ledger').innerText(), /Buku besar utuh/);
	assert.equal((await apiOk(keu, 'GET', `${P}/ledger/verify`)).ok, true);
	await detail.scrollIntoViewIfNeeded();
	await foto(page, 'keuangan-5-kantong');

	assert.deepEqual(page.galat, []);
	await page.context().close();
}
