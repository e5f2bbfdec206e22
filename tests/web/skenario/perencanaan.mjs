// perencanaan.mjs - the planner's screen. Bappeda drafts an RKPD item through the sub kegiatan
// picker (and is refused a program code and a provinsi code), submits it after the dry run of the
// rules; an OPD planner drafts RKA lines with a live jumlah that must equal what pagu stores, is
// refused an unknown kode rekening in plain words, picks an SSH item, is refused by a rule (with
// its citation, also in "Hasil aturan"), deletes with If-Match (a stale one is refused) and submits.
import { api, apiOk, assert, buka, foto, masuk, token, PEMDA } from '../lib.mjs';

const OPD = '1.02.0.00.0.00.01.0000'; // Dinas Kesehatan of the demo Kota Padang
const SUB = '1.02.02.2.01.0016'; // Pengadaan Obat, Vaksin (kabupaten/kota)
const P = `/v1/pemda/${PEMDA}`;

// The first year from @dari where none of @cek ([jenis, opd]) has a document, so reruns and the
// other scenarios on the same cluster never collide.
async function tahunBebas(tok, dari, cek) {
	for (let t = dari; t < dari + 60; t++) {
		let bebas = true;
		for (const [jenis, opd] of cek) {
			const d = await apiOk(tok, 'GET', `${P}/dokumen?tahun=${t}&jenis=${jenis}${opd ? '&opd=' + opd : ''}`);
			if (d.items.length) bebas = false;
		}
		if (bebas) return t;
	}
	throw new Error('no free year');
}

async function transisi(tok, id, aksi) {
	const d = await api(tok, 'GET', `${P}/dokumen/${id}`);
	const r = await api(tok, 'POST', `${P}/dokumen/${id}/transisi`, { aksi }, { 'If-Match': d.etag });
	assert.equal(r.status, 200, `${aksi}: ${JSON.stringify(r.data).slice(0, 300)}`);
}

const rupiah = (s) => { const [w, f] = s.split('.'); return `Rp${w.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${f}`; };

export async function ujiPerencana(browser) {
	// ---- Bappeda: an RKPD and one item through the picker
	const bappeda = token('planner');
	const tRkpd = await tahunBebas(bappeda, 2029, [['rkpd', null]]);
	let page = await masuk(browser, bappeda, `#/perencanaan/tahun/${tRkpd}`);
	await page.getByRole('heading', { name: `RKPD ${tRkpd}` }).waitFor();
	await page.getByRole('button', { name: 'Buat RKPD', exact: true }).click();
	await page.getByRole('heading', { level: 1, name: `RKPD ${tRkpd}` }).waitFor();
	const idRkpd = Number(page.url().split('/').pop());
	assert.ok(idRkpd > 0, 'the new RKPD opened');

	await page.getByLabel('OPD', { exact: true }).selectOption(OPD);
	const sub = page.getByRole('combobox', { name: 'Sub kegiatan' });
	// A program code is refused with a plain message, and nothing is sent.
	await sub.fill('1.02.02');
	await page.getByLabel('Indikator', { exact: true }).fill('Ketersediaan obat dan vaksin di puskesmas');
	await page.getByLabel('Target', { exact: true }).fill('95,5');
	await page.getByLabel('Satuan', { exact: true }).fill('persen');
	await page.getByLabel('Pagu indikatif', { exact: true }).fill('1.250.000.000');
	await page.getByLabel('Lokasi', { exact: true }).fill('Seluruh kecamatan Kota Padang');
	await page.getByLabel('Sumber dana', { exact: true }).fill('1.1');
	await page.getByLabel('Titik lokasi (opsional)').fill('-0.9471,100.4172');
	await page.getByRole('button', { name: 'Simpan item', exact: true }).click();
	const galat = page.locator('form [role=alert]');
	await galat.waitFor();
	assert.match(await galat.innerText(), /1\.02\.02 adalah kode program, bukan kode sub kegiatan/);
	assert.match(await galat.innerText(), /Sub kegiatan/);
	assert.equal(await sub.getAttribute('aria-invalid'), 'true');
	assert.equal((await apiOk(bappeda, 'GET', `${P}/dokumen/${idRkpd}`)).baris.length, 0, 'a program code reached the API');
	// A provinsi sub kegiatan is refused for a kota.
	await sub.fill('1.02.02.1.01.0001');
	await page.getByRole('button', { name: 'Simpan item', exact: true }).click();
	await page.locator('form [role=alert]', { hasText: 'bukan untuk kabupaten/kota' }).waitFor();

	// Typing part of the name and choosing with the keyboard.
	await sub.fill('');
	await sub.pressSequentially('obat vaksin', { delay: 15 });
	await page.getByRole('option', { name: /1\.02\.02\.2\.01\.0016/ }).waitFor();
	assert.equal(await sub.getAttribute('aria-expanded'), 'true');
	await sub.press('ArrowDown');
	const aktif = await sub.getAttribute('aria-activedescendant');
	assert.ok(aktif, 'ArrowDown made an option active');
	assert.match(await page.locator(`[id="${aktif}"]`).innerText(), /1\.02\.02\.2\.01\.0016/);
	await sub.press('Enter');
	assert.equal(await sub.inputValue(), '1.02.02.2.01.0016');
	assert.equal(await sub.getAttribute('aria-expanded'), 'false');
	// ...and by part of the code, with the arrow keys.
	await sub.fill('');
	await sub.pressSequentially('1.02.02.2.01.001', { delay: 15 });
	await page.getByRole('option', { name: /1\.02\.02\.2\.01\.0016/ }).waitFor();
	for (let i = 0; i < 7; i++) await sub.press('ArrowDown'); // 0010 .. 0016
	assert.match(await page.locator(`[id="${await sub.getAttribute('aria-activedescendant')}"]`).innerText(), /1\.02\.02\.2\.01\.0016/);
	await sub.press('Enter');
	assert.equal(await sub.inputValue(), '1.02.02.2.01.0016');
	await page.locator('.combo-ket', { hasText: 'Pengadaan Obat, Vaksin' }).waitFor();
	await foto(page, 'perencanaan-rkpd-form');
	await page.getByRole('button', { name: 'Simpan item', exact: true }).click();
	await page.locator('form .sukses').waitFor();
	const rkpd = await apiOk(bappeda, 'GET', `${P}/dokumen/${idRkpd}`);
	assert.equal(rkpd.baris.length, 1);
	assert.deepEqual(
		(({ opd_kode, sub_kegiatan, target, satuan, pagu_indikatif, sumber_dana, lokasi_titik }) =>
			({ opd_kode, sub_kegiatan, target, satuan, pagu_indikatif, sumber_dana, lokasi_titik }))(rkpd.baris[0]),
		{ opd_kode: OPD, sub_kegiatan: '1.02.02.2.01.0016', target: '95.5', satuan: 'persen', pagu_indikatif: '1250000000.00',
			sumber_dana: '1.1', lokasi_titik: '-0.947100,100.417200' });
	const barisTabel = page.locator('tr[data-baris="1"]');
	assert.match(await barisTabel.innerText(), /Rp1\.250\.000\.000,00/);
	assert.match(await barisTabel.innerText(), /Pengadaan Obat, Vaksin/);

	// Editing the item: into the form, changed, saved as its replacement in one request (PUT).
	await page.getByRole('button', { name: 'Ubah baris 1', exact: true }).click();
	await page.getByRole('heading', { name: 'Ubah item 1' }).waitFor();
	assert.equal(await page.getByLabel('Indikator', { exact: true }).inputValue(), rkpd.baris[0].indikator);
	assert.equal(await page.getByLabel('Pagu indikatif', { exact: true }).inputValue(), '1.250.000.000,00');
	await page.getByLabel('Target', { exact: true }).fill('96');
	await page.getByRole('button', { name: 'Simpan perubahan', exact: true }).click();
	await page.locator('form .sukses', { hasText: 'Item 1 diganti oleh item 2' }).waitFor();
	const diubah = await apiOk(bappeda, 'GET', `${P}/dokumen/${idRkpd}`);
	assert.deepEqual(diubah.baris.map((b) => [b.baris, b.target, b.sub_kegiatan, b.pagu_indikatif]),
		[[2, '96', '1.02.02.2.01.0016', '1250000000.00']]);
	await page.getByRole('heading', { name: 'Tambah item RKPD' }).waitFor();
	assert.equal(await page.locator('tr[data-baris="1"]').count(), 0);

	// Submitting: the dry run of the rules first, then the real transition with If-Match.
	await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
	let dialog = page.getByRole('dialog');
	await dialog.getByText('Uji coba aturan pengajuan').waitFor();
	await dialog.getByRole('button', { name: 'Ajukan sekarang' }).click();
	await page.locator('.slot .sukses', { hasText: 'diajukan' }).waitFor();
	assert.equal((await apiOk(bappeda, 'GET', `${P}/dokumen/${idRkpd}`)).status, 'submitted');
	await page.locator('details.evaluasi', { hasText: 'pengajuan RKPD' }).waitFor();
	await page.getByRole('button', { name: 'Verifikasi', exact: true }).waitFor();
	assert.equal(await page.getByRole('button', { name: 'Simpan item' }).count(), 0, 'a submitted RKPD still offers a form');
	assert.deepEqual(page.galat, []);
	await page.context().close();

	// ---- The OPD's planner: an RKA in a year with a locked KUA-PPAS (set up by TAPD) and an SSH item
	const dinkes = token('planner', OPD);
	const keu = token('finance');
	const tRka = await tahunBebas(dinkes, 2031, [['rka', OPD], ['kua_ppas', null]]);
	const kua = await apiOk(keu, 'POST', `${P}/dokumen`, { tahun: tRka, jenis: 'kua_ppas', opd_kode: null });
	await apiOk(keu, 'POST', `${P}/dokumen/${kua.id}/baris`, { jenis: 'opd', opd_kode: OPD, sub_kegiatan: null, jumlah: '5000000.00' });
	await apiOk(keu, 'POST', `${P}/dokumen/${kua.id}/baris`, { jenis: 'sub_kegiatan', opd_kode: OPD, sub_kegiatan: SUB, jumlah: '5000000.00' });
	for (const a of ['submit', 'verify', 'lock']) await transisi(keu, kua.id, a);
	await apiOk(keu, 'POST', `${P}/ssh`, { tahun: tRka, kode: '1.1.12.01.01.0001', uraian: 'Kertas HVS A4 80 gram', satuan: 'rim',
		harga: '55000.00', akun: ['5.1.02.01.01'] });

	page = await masuk(browser, dinkes, `#/perencanaan/tahun/${tRka}`);
	assert.equal(await page.getByRole('button', { name: 'Buat RKPD' }).count(), 0, 'an OPD planner is offered an RKPD');
	await page.getByRole('button', { name: 'Buat RKA', exact: true }).click();
	await page.getByRole('heading', { level: 1, name: `RKA Dinkes ${tRka}` }).waitFor();
	const idRka = Number(page.url().split('/').pop());

	const subR = page.getByRole('combobox', { name: 'Sub kegiatan' });
	await subR.pressSequentially(SUB, { delay: 10 });
	await page.getByRole('option', { name: /1\.02\.02\.2\.01\.0016/ }).waitFor();
	await subR.press('ArrowDown');
	await subR.press('Enter');
	assert.equal(await subR.inputValue(), SUB);
	const akun = page.getByLabel('Kode rekening', { exact: true });
	await akun.fill('5.1.02.01.01.0024');
	await akun.press('Tab');
	await page.locator('.combo-ket', { hasText: 'Alat Tulis Kantor' }).waitFor();
	await page.getByLabel('Uraian', { exact: true }).fill('Konsumsi rapat koordinasi vaksinasi');
	await page.getByLabel('Koefisien 1', { exact: true }).fill('2');
	await page.getByLabel('Satuan koefisien 1', { exact: true }).fill('orang');
	await page.getByRole('button', { name: 'Tambah faktor', exact: true }).click();
	await page.getByLabel('Koefisien 2', { exact: true }).fill('3');
	await page.getByLabel('Satuan koefisien 2', { exact: true }).fill('hari');
	await page.getByLabel('Harga satuan', { exact: true }).fill('150.000');
	await page.getByLabel('Sumber dana', { exact: true }).fill('1.1');
	const jumlah = page.locator('output.jumlah-langsung');
	assert.equal(await jumlah.innerText(), 'Rp900.000,00');
	assert.match(await page.locator('.jumlah-rincian').innerText(), /2 orang × 3 hari × Rp150\.000,00 = Rp900\.000,00/);
	const terlihat1 = await jumlah.innerText();
	await page.getByRole('button', { name: 'Simpan baris', exact: true }).click();
	await page.locator('form .sukses', { hasText: 'Baris 1 tersimpan' }).waitFor();

	// The second line: a decimal factor and a price whose product needs rounding to the sen.
	await page.getByLabel('Uraian', { exact: true }).fill('Paket bahan penyuluhan');
	await page.getByLabel('Koefisien 1', { exact: true }).fill('2,5');
	await page.getByLabel('Satuan koefisien 1', { exact: true }).fill('paket');
	await page.getByLabel('Harga satuan', { exact: true }).fill('33.333,33');
	assert.equal(await jumlah.innerText(), 'Rp83.333,33'); // 83.333,325 rounded half away from zero
	const terlihat2 = await jumlah.innerText();
	await page.getByRole('button', { name: 'Simpan baris', exact: true }).click();
	await page.locator('form .sukses', { hasText: 'Baris 2 tersimpan' }).waitFor();

	let rka = await apiOk(dinkes, 'GET', `${P}/dokumen/${idRka}`);
	assert.equal(rka.baris.length, 2);
	assert.deepEqual(rka.baris.map((b) => b.koefisien), [['2 orang', '3 hari'], ['2.5 paket']]);
	assert.equal(rupiah(rka.baris[0].jumlah), terlihat1);
	assert.equal(rupiah(rka.baris[1].jumlah), terlihat2);
	assert.equal(rka.total.belanja, '983333.33');
	assert.equal(rka.total.pendapatan, '0.00');
	assert.equal(await page.locator('#total-dokumen').innerText(), 'Rp983.333,33');
	assert.match(await page.locator('tr[data-baris="2"]').innerText(), /2,5 paket[\s\S]*Rp33\.333,33[\s\S]*Rp83\.333,33/);
	await foto(page, 'perencanaan-rka-baris');

	// An unknown kode rekening: the API refuses and the field is named in plain words.
	await akun.fill('5.1.02.99.99.9999');
	await page.getByLabel('Uraian', { exact: true }).fill('Belanja yang tidak ada akunnya');
	await page.getByLabel('Koefisien 1', { exact: true }).fill('1');
	await page.getByLabel('Satuan koefisien 1', { exact: true }).fill('paket');
	await page.getByLabel('Harga satuan', { exact: true }).fill('10.000');
	await page.getByRole('button', { name: 'Simpan baris', exact: true }).click();
	const kotak = page.locator('form [role=alert]');
	await kotak.waitFor();
	assert.match(await kotak.innerText(), /Kolom: Kode rekening/);
	assert.equal(await kotak.getAttribute('data-field'), '/akun', 'the refusal came from the API');
	assert.equal(await akun.getAttribute('aria-invalid'), 'true');
	// In plain Indonesian too: next to the field and in the error box.
	await kotak.getByText(/Keterangan: Kode rekening 5\.1\.02\.99\.99\.9999 tidak ada dalam bagan akun/).waitFor();
	await page.locator('.combo-ket.salah', { hasText: 'tidak ada dalam bagan akun' }).waitFor();
	assert.equal((await apiOk(dinkes, 'GET', `${P}/dokumen/${idRka}`)).baris.length, 2);
	await foto(page, 'perencanaan-rka-galat');

	// A line priced from the SSH picker, then priced above the SSH: the rules refuse the submission.
	await akun.fill('5.1.02.01.01.0024');
	await page.getByLabel('Koefisien 1', { exact: true }).fill('10');
	await page.getByLabel('Satuan koefisien 1', { exact: true }).fill('');
	const ssh = page.getByRole('combobox', { name: 'Item SSH (opsional)' });
	await ssh.pressSequentially('kertas', { delay: 15 });
	await page.getByRole('option', { name: /Kertas HVS A4 80 gram/ }).waitFor();
	await ssh.press('ArrowDown');
	await ssh.press('Enter');
	assert.equal(await ssh.inputValue(), '1.1.12.01.01.0001');
	assert.equal(await page.getByLabel('Uraian', { exact: true }).inputValue(), 'Kertas HVS A4 80 gram');
	assert.equal(await page.getByLabel('Harga satuan', { exact: true }).inputValue(), '55.000,00');
	assert.equal(await page.getByLabel('Satuan koefisien 1', { exact: true }).inputValue(), 'rim');
	assert.equal(await jumlah.innerText(), 'Rp550.000,00');
	await page.getByLabel('Harga satuan', { exact: true }).fill('60.000');
	assert.equal(await jumlah.innerText(), 'Rp600.000,00');
	await page.getByRole('button', { name: 'Simpan baris', exact: true }).click();
	await page.locator('form .sukses', { hasText: 'Baris 3 tersimpan' }).waitFor();
	rka = await apiOk(dinkes, 'GET', `${P}/dokumen/${idRka}`);
	assert.deepEqual(rka.baris[2].ssh, { kode: '1.1.12.01.01.0001', versi: 1 });
	assert.equal(rka.baris[2].jumlah, '600000.00');

	await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
	dialog = page.getByRole('dialog');
	await dialog.getByText('pengajuan akan ditolak').waitFor();
	assert.match(await dialog.innerText(), /✗ Melanggar Harga satuan tidak melebihi standar satuan harga/);
	await dialog.getByRole('button', { name: 'Ajukan sekarang' }).click();
	const tolak = page.locator('.slot [role=alert][data-type="rules-refused"]');
	await tolak.waitFor();
	assert.match(await tolak.innerText(), /baris 3: harga satuan Rp60\.000,00 melebihi SSH Rp55\.000,00/);
	assert.match(await tolak.innerText(), /Dasar: UU 1\/2022 Pasal 143/);
	await page.locator('details.evaluasi', { hasText: 'pengajuan RKA · ditolak' }).waitFor();
	assert.equal((await apiOk(dinkes, 'GET', `${P}/dokumen/${idRka}`)).status, 'draft');
	await foto(page, 'perencanaan-rka-aturan');

	// Fixing that line: "Ubah" puts it in the form, priced at the SSH again; it is replaced by line 4.
	await page.getByRole('button', { name: 'Ubah baris 3', exact: true }).click();
	await page.getByRole('heading', { name: 'Ubah baris 3' }).waitFor();
	assert.equal(await page.getByLabel('Harga satuan', { exact: true }).inputValue(), '60.000,00');
	assert.equal(await page.getByLabel('Koefisien 1', { exact: true }).inputValue(), '10');
	assert.equal(await ssh.inputValue(), '1.1.12.01.01.0001');
	await page.getByLabel('Harga satuan', { exact: true }).fill('55.000');
	assert.equal(await jumlah.innerText(), 'Rp550.000,00');
	// meanwhile another client adds a line: saving is refused (412), the draft is read again, and
	// saving once more goes through with the form as it was
	await apiOk(dinkes, 'POST', `${P}/dokumen/${idRka}/baris`, { sub_kegiatan: SUB, akun: '5.1.02.01.01.0024',
		uraian: 'Baris dari klien lain', koefisien: ['1 paket'], harga_satuan: '1000.00', sumber_dana: '1.1' });
	await page.getByRole('button', { name: 'Simpan perubahan', exact: true }).click();
	await page.locator('form [role=alert][data-type="precondition-failed"]', { hasText: 'kini dimuat ulang' }).waitFor();
	await page.locator('tr[data-baris="4"]', { hasText: 'Baris dari klien lain' }).waitFor();
	assert.deepEqual((await apiOk(dinkes, 'GET', `${P}/dokumen/${idRka}`)).baris.map((b) => b.baris), [1, 2, 3, 4]);
	await page.getByRole('button', { name: 'Simpan perubahan', exact: true }).click();
	await page.locator('form .sukses', { hasText: 'Baris 3 diganti oleh baris 5' }).waitFor();
	rka = await apiOk(dinkes, 'GET', `${P}/dokumen/${idRka}`);
	assert.deepEqual(rka.baris.map((b) => b.baris), [1, 2, 4, 5]);
	assert.equal(rka.baris[3].jumlah, '550000.00');
	assert.deepEqual(rka.baris[3].ssh, { kode: '1.1.12.01.01.0001', versi: 1 });
	assert.equal(await page.locator('#total-dokumen').innerText(), 'Rp1.534.333,33');
	// back to adding, with nothing of the replaced line left in the form
	await page.getByRole('heading', { name: 'Tambah baris RKA' }).waitFor();
	assert.equal(await ssh.inputValue(), '');
	assert.equal(await page.getByLabel('Harga satuan', { exact: true }).inputValue(), '');

	// Deleting a line sends the document's ETag (If-Match).
	await page.getByRole('button', { name: 'Hapus baris 5', exact: true }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Hapus', exact: true }).click();
	await page.getByText('Baris 5 dihapus.').waitFor();
	assert.deepEqual((await apiOk(dinkes, 'GET', `${P}/dokumen/${idRka}`)).baris.map((b) => b.baris), [1, 2, 4]);
	assert.equal(await page.locator('#total-dokumen').innerText(), 'Rp984.333,33');

	// "Batal mengubah" leaves nothing of the line behind either
	await page.getByRole('button', { name: 'Ubah baris 4', exact: true }).click();
	assert.equal(await page.getByLabel('Uraian', { exact: true }).inputValue(), 'Baris dari klien lain');
	await page.getByRole('button', { name: 'Batal mengubah', exact: true }).click();
	await page.getByRole('heading', { name: 'Tambah baris RKA' }).waitFor();
	assert.equal(await page.getByLabel('Uraian', { exact: true }).inputValue(), '');
	assert.equal(await page.getByLabel('Koefisien 1', { exact: true }).inputValue(), '');

	// Someone else changes the draft: the stale ETag is refused (412), and reloading shows their line.
	await apiOk(dinkes, 'POST', `${P}/dokumen/${idRka}/baris`, { sub_kegiatan: SUB, akun: '5.1.02.01.01.0024',
		uraian: 'Baris dari klien lain', koefisien: ['1 paket'], harga_satuan: '1000.00', sumber_dana: '1.1' });
	await page.getByRole('button', { name: 'Hapus baris 1', exact: true }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Hapus', exact: true }).click();
	await page.locator('[role=alert][data-type="precondition-failed"]').waitFor();
	await page.getByRole('button', { name: 'Muat ulang dokumen', exact: true }).click();
	await page.locator('tr[data-baris="6"]', { hasText: 'Baris dari klien lain' }).waitFor();
	assert.equal((await apiOk(dinkes, 'GET', `${P}/dokumen/${idRka}`)).baris.length, 4, 'a stale delete went through');

	// Within the plafon and the SSH now: the dry run passes and the RKA is submitted.
	await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
	dialog = page.getByRole('dialog');
	await dialog.getByText('tidak ada aturan yang dilanggar').waitFor();
	await dialog.getByRole('button', { name: 'Ajukan sekarang' }).click();
	await page.locator('.slot .sukses', { hasText: `RKA Dinkes ${tRka} diajukan` }).waitFor();
	assert.equal((await apiOk(dinkes, 'GET', `${P}/dokumen/${idRka}`)).status, 'submitted');
	await page.locator('details.evaluasi', { hasText: 'pengajuan RKA · diterima' }).waitFor();
	assert.equal(await page.getByRole('button', { name: /Simpan baris|Hapus baris|Ajukan/ }).count(), 0, 'a submitted RKA still offers changes');

	// The OPD page's link lands on the same RKA.
	await buka(page, `#/perencanaan/rka/${OPD}/${tRka}`);
	await page.getByRole('heading', { level: 1, name: `RKA Dinkes ${tRka}` }).waitFor();
	assert.ok(page.url().endsWith(`/dokumen/${idRka}`));
	// The API refuses the OPD planner the RKPD, and the screen does not offer it.
	assert.equal((await api(dinkes, 'POST', `${P}/dokumen/${idRkpd}/baris`, {})).status, 403);
	await buka(page, `#/perencanaan/dokumen/${idRkpd}`);
	await page.getByRole('heading', { level: 1, name: `RKPD ${tRkpd}` }).waitFor();
	assert.equal(await page.getByRole('button', { name: /Simpan|Ajukan|Verifikasi|Tolak|Hapus/ }).count(), 0);
	assert.deepEqual(page.galat, []);
	await page.context().close();
}
