// temuan.mjs - what the rules record without refusing, and the budget's stages, in the console:
// a province APBD locked from the console with education under 20% shows the finding as "Temuan"
// (not "Peringatan", not "Melanggar") in the dry run and after the lock, lists it with its
// citation on the APBD, on a DPA made from it ("dari APBD versi 1") and on the year's overview;
// a pergeseran of a Kota Padang DPA is named by its tahap and shows before, change and after.
import { api, apiOk, assert, buka, foto, masuk, PEMDA, tenang, token } from '../lib.mjs';
import { rupiah } from '../../../web/js/format.js';

const TAHUN = 2026;
const PROV = '19';
const RSUD = '1.02.0.00.0.00.02.0000'; // the province's RSUD: a revenue line of its own
const DLH = '2.11.0.00.0.00.01.0000'; // Padang's Dinas Lingkungan Hidup: no other scenario uses its DPA

const latest = (items) => items.reduce((a, b) => (b.versi > a.versi ? b : a));

async function langkah(tok, pemda, id, aksi, extra = {}) {
	const P = `/v1/pemda/${pemda}`;
	const d = await api(tok, 'GET', `${P}/dokumen/${id}`);
	const r = await api(tok, 'POST', `${P}/dokumen/${id}/transisi`, { aksi, ...extra }, { 'If-Match': d.etag });
	assert.ok(r.status < 300, `${aksi} ${id}: ${r.status} ${JSON.stringify(r.data).slice(0, 400)}`);
	return r.data;
}

// The fixture's province year stops at an assembled draft APBD without pendapatan (refused as
// unbalanced): its RSUD's RKA gets a retribusi line equal to belanja, the APBD is assembled again
// and verified. Its education share stays about 10%: the lock will record a finding.
async function apbdProvinsiSiapKunci() {
	const P = `/v1/pemda/${PROV}`;
	const keu = token('finance', null, PROV);
	const apbd = latest((await apiOk(keu, 'GET', `${P}/dokumen?tahun=${TAHUN}&jenis=apbd`)).items);
	assert.equal(apbd.status, 'draft', 'the fixture province APBD is an assembled draft');
	const rka = latest((await apiOk(keu, 'GET', `${P}/dokumen?tahun=${TAHUN}&jenis=rka&opd=${RSUD}`)).items);
	await langkah(keu, PROV, rka.id, 'lock');
	const baru = await apiOk(keu, 'POST', `${P}/dokumen/${rka.id}/turunan`, { alasan: 'retribusi RSUD' });
	const belanja = (await apiOk(keu, 'GET', `${P}/dokumen/${apbd.id}`)).total.belanja;
	const d = await api(keu, 'GET', `${P}/dokumen/${baru.id}`);
	const b = await api(keu, 'POST', `${P}/dokumen/${baru.id}/baris`, { akun: '4.1.02.01.01.0001',
		uraian: 'Retribusi pelayanan kesehatan', koefisien: ['1 tahun'], harga_satuan: belanja, sumber_dana: '1.1' },
	{ 'If-Match': d.etag });
	assert.equal(b.status, 201, JSON.stringify(b.data));
	await langkah(token('planner', RSUD, PROV), PROV, baru.id, 'submit');
	await langkah(keu, PROV, baru.id, 'verify');
	const a = await api(keu, 'GET', `${P}/dokumen/${apbd.id}`);
	const s = await api(keu, 'POST', `${P}/dokumen/${apbd.id}/susun`, undefined, { 'If-Match': a.etag });
	assert.equal(s.status, 200, JSON.stringify(s.data));
	await langkah(keu, PROV, apbd.id, 'submit');
	await langkah(keu, PROV, apbd.id, 'verify');
	return { keu, apbd };
}

export async function ujiTemuanApbd(browser) {
	const { keu, apbd } = await apbdProvinsiSiapKunci();
	const P = `/v1/pemda/${PROV}`;
	const page = await masuk(browser, keu);
	await page.getByLabel('Tahun anggaran').selectOption(String(TAHUN));
	await page.locator('main .layar:not([aria-busy])').waitFor();
	await buka(page, `#/keuangan/dokumen/${apbd.id}`);
	await page.getByRole('button', { name: 'Kunci', exact: true }).click();
	const dialog = page.getByRole('dialog');
	await dialog.waitFor();
	// the dry run: education under 20% is a finding, which does not refuse the lock
	const uji = dialog.locator('.aturan-item[data-rule="pendidikan_min_20"]');
	assert.match(await uji.locator('strong').first().textContent(), /Temuan/);
	assert.equal(await uji.getAttribute('class'), 'aturan-item temuan');
	assert.match(await dialog.locator('.aturan-ringkas').textContent(), /0 pelanggaran, 1 peringatan, 1 temuan/);
	assert.match(await dialog.textContent(), /akan diterima/);
	await dialog.getByRole('button', { name: 'Kunci sekarang' }).click();
	await page.locator('.slot-aksi .sukses').waitFor();
	await tenang(page);
	// after the lock: the reply's findings beside its warnings, then the document's own list
	const balasan = page.locator('.slot-aksi .aturan-item.temuan[data-rule="pendidikan_min_20"]');
	assert.match(await balasan.textContent(), /◆ Temuan/);
	const doc = await apiOk(keu, 'GET', `${P}/dokumen/${apbd.id}`);
	assert.equal(doc.status, 'locked');
	assert.equal(doc.temuan.length, 1, JSON.stringify(doc.temuan));
	const t = doc.temuan[0];
	const daftar = page.locator('.daftar-temuan .aturan-item[data-rule="pendidikan_min_20"]');
	const teks = await daftar.textContent();
	assert.ok(teks.includes(t.message) && teks.includes(`Dasar: ${t.cite}`), `the APBD's finding with its citation: ${teks}`);
	assert.match(await page.locator('section', { has: page.getByRole('heading', { name: 'Temuan aturan' }) }).textContent(), /1 temuan/);
	// the stored evaluation counts it in its own column
	const riwayat = await page.locator('section', { has: page.getByRole('heading', { name: 'Riwayat evaluasi aturan' }) }).locator('table').textContent();
	assert.match(riwayat, /Temuan/);
	await foto(page, 'temuan-apbd-provinsi');

	// a DPA made from it carries the APBD's findings, and says whose they are
	const dpa = await apiOk(keu, 'POST', `${P}/dokumen/${apbd.id}/dpa`, { opd_kode: RSUD });
	assert.equal((await apiOk(keu, 'GET', `${P}/dokumen/${dpa.id}`)).temuan_dari, apbd.id);
	await buka(page, `#/keuangan/dokumen/${dpa.id}`);
	await tenang(page);
	assert.match(await page.locator('#temuan-dari').textContent(), /dari APBD versi 1/);
	assert.ok((await page.locator('.daftar-temuan').textContent()).includes(t.cite), 'the DPA lists the APBD\'s finding');

	// the year's overview: the mandatory row says Temuan, and the year's findings are listed
	const tahunan = await apiOk(keu, 'GET', `${P}/rules/temuan?tahun=${TAHUN}`);
	assert.equal(tahunan.jumlah, 1);
	await buka(page, '#/ringkasan');
	await page.locator('.tabel-wajib').waitFor();
	await tenang(page);
	assert.equal((await page.locator('.tabel-wajib tr[data-rule="pendidikan_min_20"] .aturan-status').textContent()).trim(), 'Temuan');
	assert.match(await page.locator('#kesimpulan-wajib').textContent(), /tidak ditolak.*1 temuan/);
	const thn = await page.locator('#ringkasan-temuan').textContent();
	assert.ok(thn.includes('1 temuan tercatat') && thn.includes(tahunan.items[0].message) && thn.includes(tahunan.items[0].cite),
		`the year's findings with their citation: ${thn}`);
	assert.ok(thn.includes('Anggaran pendidikan sekurang-kurangnya 20%'), 'named by the rule\'s title');
	await foto(page, 'temuan-ringkasan-provinsi');
	assert.deepEqual(page.galat, [], 'no script errors');
	await page.context().close();
}

export async function ujiPergeseran(browser) {
	const P = `/v1/pemda/${PEMDA}`;
	const keu = token('finance');
	const dpa = latest((await apiOk(keu, 'GET', `${P}/dokumen?tahun=${TAHUN}&jenis=dpa&opd=${DLH}`)).items);
	assert.equal(dpa.tahap, 'murni');
	const geser = await apiOk(keu, 'POST', `${P}/dokumen/${dpa.id}/pergeseran`, { alasan: 'uji pergeseran' });
	assert.equal(geser.tahap, 'pergeseran');
	// one line's volume down by two: before, change and after on that sub kegiatan and akun
	const d = await api(keu, 'GET', `${P}/dokumen/${geser.id}`);
	const b = d.data.baris[0];
	const vol = Number(b.volume) - 2;
	const r = await api(keu, 'PUT', `${P}/dokumen/${geser.id}/baris/${b.baris}`, { sub_kegiatan: b.sub_kegiatan, akun: b.akun,
		uraian: b.uraian, koefisien: [`${vol} unit`], harga_satuan: b.harga_satuan, sumber_dana: b.sumber_dana }, { 'If-Match': d.etag });
	assert.equal(r.status, 200, JSON.stringify(r.data));
	const banding = await apiOk(keu, 'GET', `${P}/dokumen/${geser.id}/perbandingan`);
	const ubah = banding.baris.filter((x) => x.perubahan !== '0.00');
	assert.equal(ubah.length, 1, JSON.stringify(ubah));

	const page = await masuk(browser, keu);
	await page.getByLabel('Tahun anggaran').selectOption(String(TAHUN));
	await page.locator('main .layar:not([aria-busy])').waitFor();
	// the list names the stage of each latest version
	await buka(page, '#/keuangan');
	const baris = page.locator('tr', { has: page.locator(`a[href="#/keuangan/dokumen/${geser.id}"]`) });
	assert.match(await baris.textContent(), /Pergeseran/);
	await buka(page, `#/keuangan/dokumen/${geser.id}`);
	await tenang(page);
	assert.match(await page.locator('.judul-layar p').textContent(), /Pergeseran/);
	assert.match(await page.locator('.ringkasan-dokumen').textContent(), /TahapPergeseran/);
	const tabel = page.locator('.tabel-perbandingan');
	const sel = await tabel.locator('tbody tr').first().locator('td').allTextContents();
	assert.deepEqual(sel.slice(1), [ubah[0].sub_kegiatan, ubah[0].akun, rupiah(ubah[0].sebelum), rupiah(ubah[0].perubahan),
		rupiah(ubah[0].sesudah)]);
	assert.equal(await tabel.locator('tbody tr').count(), 1, 'only the changed line is listed');
	assert.equal((await page.locator('#banding-sebelum').textContent()).trim(), rupiah(banding.belanja.sebelum));
	assert.equal((await page.locator('#banding-perubahan').textContent()).trim(), rupiah(banding.belanja.perubahan));
	assert.equal((await page.locator('#banding-sesudah').textContent()).trim(), rupiah(banding.belanja.sesudah));
	// the versions table names both stages
	const versi = await page.locator('section', { has: page.getByRole('heading', { name: 'Versi dan perbandingan' }) }).locator('table').first().textContent();
	assert.match(versi, /Murni/);
	assert.match(versi, /Pergeseran/);
	await foto(page, 'pergeseran-dpa');
	// the murni version it came from shows no comparison of its own
	await buka(page, `#/keuangan/dokumen/${dpa.id}`);
	await tenang(page);
	assert.equal(await page.locator('.tabel-perbandingan').count(), 0);
	assert.match(await page.locator('.ringkasan-dokumen').textContent(), /TahapMurni/);
	assert.deepEqual(page.galat, [], 'no script errors');
	await page.context().close();
}
