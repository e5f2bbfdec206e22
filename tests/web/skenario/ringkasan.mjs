// ringkasan.mjs - the year overview (#/ringkasan) and the OPD page (#/opd/<kode>): figures as the
// API gives them, the mandatory-spending rules with their citations, the monthly chart, what an
// OPD-scoped user may see of another OPD, editing an OPD with If-Match, and the trace of one sub
// kegiatan opened from the keyboard.
import { api, apiOk, assert, buka, foto, masuk, PEMDA, token } from '../lib.mjs';
import { rupiah } from '../../../web/js/format.js';

const TAHUN = 2026;
const DINKES = '1.02.0.00.0.00.01.0000';
const PUPR = '1.03.0.00.0.00.01.0000';
const P = `/v1/pemda/${PEMDA}`;

// Signs in and selects the demo year before opening @hash.
async function masukTahun(browser, tok, hash) {
	const page = await masuk(browser, tok);
	await page.getByLabel('Tahun anggaran').selectOption(String(TAHUN));
	await page.locator('main .layar:not([aria-busy])').waitFor();
	await buka(page, hash);
	return page;
}

const terbaru = (vs) => vs.reduce((a, b) => (b.versi > a.versi ? b : a));

export async function ujiRingkasan(browser) {
	const tok = token('finance');
	const lra = await apiOk(tok, 'GET', `${P}/laporan/lra?tahun=${TAHUN}`);
	// the chart is belanja's (akun 5): pengeluaran pembiayaan is not spending
	const real = await apiOk(tok, 'GET', `${P}/ledger/realisasi?tahun=${TAHUN}&akun=5`);
	const apbd = terbaru((await apiOk(tok, 'GET', `${P}/dokumen?tahun=${TAHUN}&jenis=apbd`)).items);
	const ev = await apiOk(tok, 'POST', `${P}/rules/evaluate`, { dokumen_id: apbd.id, aksi: 'lock' });

	const page = await masukTahun(browser, tok, '#/ringkasan');
	await assert.doesNotReject(page.getByRole('heading', { level: 1, name: `Ringkasan Tahun Anggaran ${TAHUN}` }).waitFor());

	// The budget cards show the API's figures, formatted.
	const belanja = rupiah(lra.ringkasan.belanja.anggaran);
	assert.equal(belanja, 'Rp95.307.375.000,00', 'the demo APBD belanja');
	assert.equal((await page.locator('#belanja-anggaran').textContent()).trim(), belanja);
	assert.equal((await page.locator('#belanja-realisasi').textContent()).trim(), rupiah(lra.ringkasan.belanja.realisasi));
	const kartuBelanja = page.getByRole('group', { name: 'Belanja' });
	assert.match(await kartuBelanja.textContent(), /Anggaran/);
	// The identity: pendapatan − belanja + neto; the demo has no pendapatan, so it does not balance.
	const identitas = page.locator('#identitas-apbd');
	assert.match(await identitas.textContent(), /Pendapatan − Belanja \+ Pembiayaan neto = SiLPA/);
	assert.equal((await page.locator('#silpa-anggaran').textContent()).trim(), '-' + belanja);
	assert.match(await page.locator('#status-identitas').textContent(), /tidak seimbang/);

	// Mandatory spending: each rule with its share, limit, status and citation, as the API evaluated it.
	for (const id of ['belanja_pegawai_maks_30', 'pendidikan_min_20', 'belanja_infrastruktur_min_40']) {
		const r = ev.rules.results.find((x) => x.rule === id);
		assert.ok(r, `the pack has ${id}`);
		const row = page.locator(`.tabel-wajib tr[data-rule="${id}"]`);
		await row.waitFor();
		const text = await row.textContent();
		assert.ok(text.includes(`Dasar: ${r.cite}`), `${id} shows its citation: ${text}`);
		assert.ok(text.includes(r.title), `${id} shows its title`);
		const share = /= (-?[\d.]*\d,\d+%)/.exec(r.message)[1];
		assert.ok(text.includes(share), `${id} shows its share ${share}: ${text}`);
		// a finding (issue 18) is its own status, neither a refusal nor a warning
		const status = r.passed ? 'Lulus' : { error: 'Melanggar', warning: 'Peringatan', finding: 'Temuan' }[r.severity];
		assert.equal((await row.locator('.aturan-status').textContent()).trim(), status, id);
	}
	assert.match(await page.locator('tr[data-rule="belanja_pegawai_maks_30"]').textContent(), /≤ 30,00%/);
	assert.match(await page.locator('tr[data-rule="pendidikan_min_20"]').textContent(), /≥ 20,00%/);

	// The chart: 12 months, two bars each with a <title>, month labels, and the exact figures in a table.
	const svg = page.locator('#ringkasan-bulanan svg');
	assert.equal(await svg.getAttribute('role'), 'img');
	assert.equal(await svg.locator('g.bulan').count(), 12);
	assert.equal(await svg.locator('g.bulan rect title').count(), 24);
	const label = await svg.locator('g.bulan > text').allTextContents();
	assert.deepEqual(label, ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des']);
	const des = real.periode.find((p) => p.bulan === 12);
	assert.match(await svg.locator('g.bulan[data-bulan="12"] .batang-rencana title').textContent(),
		new RegExp(`Desember: rencana kas kumulatif ${rupiah(des.rencana_kas_kumulatif).replace(/\./g, '\\.')}`));
	await page.locator('#ringkasan-bulanan summary', { hasText: 'Tabel data' }).click();
	const tabelData = page.locator('.tabel-bulanan tbody tr');
	assert.equal(await tabelData.count(), 12);
	assert.ok((await tabelData.nth(11).textContent()).includes(rupiah(des.rencana_kas_kumulatif)));
	// The tallest bar is the year's anggaran kas, drawn to the full plot height.
	const hDes = Number(await svg.locator('g.bulan[data-bulan="12"] .batang-rencana').getAttribute('height'));
	const hJan = Number(await svg.locator('g.bulan[data-bulan="1"] .batang-rencana').getAttribute('height'));
	assert.ok(hDes > hJan && hDes > 200, `bars grow with the cumulative plan (${hJan} → ${hDes})`);

	// The ranking links each OPD to its page.
	const link = page.locator('#ringkasan-peringkat a[href^="#/opd/"]').first();
	assert.ok(await link.count(), 'the ranking lists OPDs');
	await foto(page, 'ringkasan-2026');
	await page.setViewportSize({ width: 800, height: 900 });
	await foto(page, 'ringkasan-2026-tablet');
	const href = await link.getAttribute('href');
	await link.click();
	await page.locator('main .layar:not([aria-busy])').waitFor();
	await page.locator('#opd-anggaran').waitFor();
	assert.equal(await page.evaluate(() => location.hash), href);

	// A year without an APBD says so instead of evaluating rules (the earliest year the console offers,
	// when no scenario has made an APBD for it).
	const pilih = page.getByLabel('Tahun anggaran');
	const awal = (await pilih.locator('option').first().getAttribute('value'));
	assert.equal((await apiOk(tok, 'GET', `${P}/dokumen?tahun=${awal}&jenis=apbd`)).items.length, 0,
		`the test needs a year without an APBD; ${awal} has one`);
	{
		await pilih.selectOption(awal);
		await page.locator('main .layar:not([aria-busy])').waitFor();
		await buka(page, '#/ringkasan');
		await page.getByRole('heading', { level: 1, name: `Ringkasan Tahun Anggaran ${awal}` }).waitFor();
		assert.match(await page.locator('#tanpa-apbd').textContent(), new RegExp(`Belum ada APBD tahun ${awal}`));
		assert.equal(await page.locator('.tabel-wajib').count(), 0);
	}
	assert.deepEqual(page.galat, []);
	await page.context().close();
}

// "An OPD-scoped user does not see another OPD's edit buttons."
export async function ujiOpdTerbatas(browser) {
	const tok = token('planner', DINKES);
	const dinkes = await apiOk(tok, 'GET', `${P}/opd/${DINKES}`);
	const pupr = await apiOk(tok, 'GET', `${P}/opd/${PUPR}`);
	assert.equal((await api(tok, 'GET', `${P}/ledger/kantong?tahun=${TAHUN}&opd=${PUPR}`)).status, 403);

	// #/opd takes a scoped token straight to its own OPD.
	const page = await masukTahun(browser, tok, '#/opd');
	await page.getByRole('heading', { level: 1, name: dinkes.nama }).waitFor();
	assert.equal(await page.evaluate(() => location.hash), `#/opd/${DINKES}`);
	const susun = page.getByRole('link', { name: 'Susun RKA' });
	assert.equal(await susun.count(), 1);
	assert.equal(await susun.getAttribute('data-opd'), DINKES);
	assert.equal(await susun.getAttribute('href'), `#/perencanaan/rka/${DINKES}`);
	assert.equal(await page.getByRole('button', { name: 'Ubah data OPD' }).count(), 0, 'a planner may not change an OPD');
	assert.ok(await page.locator('.tabel-anggaran-opd tbody tr[data-sub]').count() > 0, 'its own pockets are shown');
	await foto(page, 'opd-terbatas-sendiri');

	// Another OPD: its name, a plain error instead of figures, and no action for it.
	await buka(page, `#/opd/${PUPR}`);
	await page.getByRole('heading', { level: 1, name: pupr.nama }).waitFor();
	const galat = page.locator('#opd-terlarang [role="alert"]');
	await galat.waitFor();
	assert.match(await galat.textContent(), /Tidak diizinkan/);
	const lain = await page.locator('a[data-opd], button[data-opd]').evaluateAll((els, own) =>
		els.map((e) => e.dataset.opd).filter((k) => k !== own), DINKES);
	assert.deepEqual(lain, [], 'no action of another OPD');
	assert.equal(await page.locator('[data-opd]').count(), 0);
	assert.equal(await page.getByRole('link', { name: 'Susun RKA' }).count(), 0);
	assert.equal(await page.getByRole('button', { name: 'Ubah data OPD' }).count(), 0);
	await foto(page, 'opd-terbatas-lain');
	assert.deepEqual(page.galat, []);
	await page.context().close();

	// An admin scoped to Dinkes may change Dinkes but not PUPR.
	const adminDinkes = token('admin', DINKES);
	const p2 = await masukTahun(browser, adminDinkes, `#/opd/${DINKES}`);
	assert.equal(await p2.getByRole('button', { name: 'Ubah data OPD' }).getAttribute('data-opd'), DINKES);
	await buka(p2, `#/opd/${PUPR}`);
	await p2.getByRole('heading', { level: 1, name: pupr.nama }).waitFor();
	assert.equal(await p2.getByRole('button', { name: 'Ubah data OPD' }).count(), 0);
	assert.equal(await p2.locator('[data-opd]').count(), 0);
	assert.deepEqual(p2.galat, []);
	await p2.context().close();

	// An unscoped admin: the list of OPDs links each one, with its DPA from the API.
	const admin = token('admin');
	const awal = await api(admin, 'GET', `${P}/opd/${PUPR}`);
	const peringkat = await apiOk(admin, 'GET', `${P}/laporan/peringkat?tahun=${TAHUN}`);
	const p3 = await masukTahun(browser, admin, '#/opd');
	try {
		const baris = p3.locator(`.tabel-opd tr[data-kode="${PUPR}"]`);
		assert.ok((await baris.textContent()).includes(rupiah(peringkat.items.find((r) => r.opd_kode === PUPR).anggaran)));
		await baris.getByRole('link', { name: pupr.nama }).click();
		await p3.locator('main .layar:not([aria-busy])').waitFor();
		await p3.getByRole('heading', { level: 1, name: pupr.nama }).waitFor();

		// ... sees "Ubah data OPD" for PUPR and changes it with the OPD's ETag.
		const ubah = p3.getByRole('button', { name: 'Ubah data OPD' });
		assert.equal(await ubah.getAttribute('data-opd'), PUPR);
		assert.equal(await p3.getByRole('link', { name: 'Susun RKA' }).count(), 0, 'an admin does not draft RKAs');
		await ubah.click();
		const singkatan = p3.getByLabel('Singkatan');
		assert.equal(await singkatan.inputValue(), awal.data.singkatan || '');
		await singkatan.fill('PUPR uji');
		await foto(p3, 'opd-admin-ubah');
		await p3.getByRole('button', { name: 'Simpan perubahan' }).click();
		await p3.getByText('Data OPD disimpan').waitFor();
		const setelah = await api(admin, 'GET', `${P}/opd/${PUPR}`);
		assert.equal(setelah.data.singkatan, 'PUPR uji');
		assert.equal(setelah.data.versi, awal.data.versi + 1);
		assert.match(await p3.locator('.judul-layar p').textContent(), /PUPR uji/);

		// Someone else changes it meanwhile: the form's version is stale, the API refuses (412).
		const lagi = await api(admin, 'PATCH', `${P}/opd/${PUPR}`, { singkatan: awal.data.singkatan }, { 'If-Match': setelah.etag });
		assert.equal(lagi.status, 200);
		await singkatan.fill('PUPR basi');
		await p3.getByRole('button', { name: 'Simpan perubahan' }).click();
		const g = p3.locator('#opd-ubah-form [role="alert"]');
		await g.waitFor();
		assert.match(await g.textContent(), /Data sudah berubah[\s\S]*muat ulang datanya/);
		assert.equal((await api(admin, 'GET', `${P}/opd/${PUPR}`)).data.singkatan, awal.data.singkatan);
		await foto(p3, 'opd-admin-412');
		assert.deepEqual(p3.galat, []);
	} finally {
		const now = await api(admin, 'GET', `${P}/opd/${PUPR}`);
		if (now.data.singkatan !== awal.data.singkatan) {
			await api(admin, 'PATCH', `${P}/opd/${PUPR}`, { singkatan: awal.data.singkatan }, { 'If-Match': now.etag });
		}
		await p3.context().close();
	}
}

// The trace of one sub kegiatan, opened with the keyboard: Tab to "Jejak", Enter.
export async function ujiJejak(browser) {
	const tok = token('finance');
	const page = await masukTahun(browser, tok, `#/opd/${DINKES}`);
	const baris = page.locator('.tabel-anggaran-opd tbody tr[data-sub]');
	await baris.first().waitFor();
	const sub = await baris.first().getAttribute('data-sub');
	const j = await apiOk(tok, 'GET', `${P}/jejak?tahun=${TAHUN}&opd=${DINKES}&sub_kegiatan=${sub}`);
	const kantong = (await apiOk(tok, 'GET', `${P}/ledger/kantong?tahun=${TAHUN}&opd=${DINKES}&sub_kegiatan=${sub}&limit=500`)).items;

	// The table's DPA for the sub kegiatan is the sum of its pockets.
	let sen = 0n;
	for (const k of kantong) if (k.arah === 'keluar') sen += BigInt(k.alokasi.replace('.', ''));
	const dpaKantong = rupiah((sen / 100n) + '.' + String(sen % 100n).padStart(2, '0'));
	assert.ok((await baris.first().textContent()).includes(dpaKantong), `row shows the pockets' DPA ${dpaKantong}`);

	// Keyboard only: from the page heading, Tab until the first "Jejak" button has the focus, then Enter.
	await page.locator('h1').focus();
	let ok = false;
	for (let i = 0; i < 40 && !ok; i++) {
		await page.keyboard.press('Tab');
		ok = await page.evaluate((s) => document.activeElement?.textContent === 'Jejak' && document.activeElement.dataset.sub === s, sub);
	}
	assert.ok(ok, 'the first "Jejak" button is reachable with Tab');
	await page.keyboard.press('Enter');
	const dpa = page.locator('#jejak [data-tahap="dpa"] .jumlah-tahap');
	await dpa.waitFor();
	assert.equal(await page.evaluate(() => document.activeElement?.id), 'jejak-judul', 'the trace takes the focus');

	const akhir = terbaru(j.dpa);
	assert.equal((await dpa.textContent()).trim(), rupiah(akhir.jumlah), 'DPA as the API traced it');
	assert.equal(rupiah(akhir.jumlah), dpaKantong, 'the DPA equals its pockets');
	for (const jenis of ['kua_ppas', 'rka', 'apbd']) {
		assert.equal((await page.locator(`#jejak [data-tahap="${jenis}"] .jumlah-tahap`).textContent()).trim(),
			rupiah(terbaru(j[jenis]).jumlah), jenis);
	}
	const tahap = await page.locator('#jejak ol.jejak-tahap > li').evaluateAll((els) => els.map((e) => e.dataset.tahap));
	assert.deepEqual(tahap, ['rkpd', 'kua_ppas', 'rka', 'apbd', 'dpa', 'realisasi']);
	let real = 0n;
	for (const k of kantong) if (k.arah === 'keluar') real += BigInt(k.realisasi.replace('.', ''));
	assert.equal((await page.locator('#jejak [data-tahap="realisasi"] .jumlah-tahap').textContent()).trim(),
		rupiah((real / 100n) + '.' + String(real % 100n).padStart(2, '0')));
	await foto(page, 'opd-jejak');
	await page.setViewportSize({ width: 800, height: 900 });
	await foto(page, 'opd-jejak-tablet');
	assert.deepEqual(page.galat, []);
	await page.context().close();
}
