// tugas.mjs - the work queue in the browser (issue 19). TAPD sends Dinkes's RKA back with a reason;
// Dinkes's planner sees the count in the menu, opens "Tugas saya", reads the reason there, opens the
// RKA where the reason stands above everything and in its history, fixes the line and submits it
// again: the item is gone, and TAPD now has it to verify.
import { api, apiOk, assert, buka, foto, masuk, token, PEMDA } from '../lib.mjs';

const OPD = '1.02.0.00.0.00.01.0000'; // Dinas Kesehatan of the demo Kota Padang
const SUB = '1.02.02.2.01.0016';
const P = `/v1/pemda/${PEMDA}`;
const ALASAN = 'Harga kertas di atas SSH: pakai Rp55.000 per rim';

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

async function transisi(tok, id, aksi, alasan) {
	const d = await api(tok, 'GET', `${P}/dokumen/${id}`);
	const r = await api(tok, 'POST', `${P}/dokumen/${id}/transisi`, alasan ? { aksi, alasan } : { aksi }, { 'If-Match': d.etag });
	assert.equal(r.status, 200, `${aksi}: ${JSON.stringify(r.data).slice(0, 300)}`);
}

export async function ujiTugasDikembalikan(browser) {
	const dinkes = token('planner', OPD);
	const keu = token('finance');
	const t = await tahunBebas(dinkes, 2061, [['rka', OPD], ['kua_ppas', null]]);
	const kua = await apiOk(keu, 'POST', `${P}/dokumen`, { tahun: t, jenis: 'kua_ppas', opd_kode: null });
	await apiOk(keu, 'POST', `${P}/dokumen/${kua.id}/baris`, { jenis: 'opd', opd_kode: OPD, sub_kegiatan: null, jumlah: '5000000.00' });
	await apiOk(keu, 'POST', `${P}/dokumen/${kua.id}/baris`, { jenis: 'sub_kegiatan', opd_kode: OPD, sub_kegiatan: SUB, jumlah: '5000000.00' });
	for (const a of ['submit', 'verify', 'lock']) await transisi(keu, kua.id, a);
	const rka = await apiOk(dinkes, 'POST', `${P}/dokumen`, { tahun: t, jenis: 'rka', opd_kode: OPD });
	await apiOk(dinkes, 'POST', `${P}/dokumen/${rka.id}/baris`, { sub_kegiatan: SUB, akun: '5.1.02.01.01.0024',
		uraian: 'Kertas HVS A4', koefisien: ['10 rim'], harga_satuan: '60000.00', sumber_dana: '1.1' });
	await transisi(dinkes, rka.id, 'submit');
	await transisi(keu, rka.id, 'reject', ALASAN);

	// The planner opens the year; the menu counts what waits (one item: the RKA sent back).
	const page = await masuk(browser, dinkes, `#/perencanaan/tahun/${t}`);
	const menu = page.locator('#menu a[data-layar="tugas"]');
	await menu.click();
	await page.getByRole('heading', { level: 1, name: `Tugas saya TA ${t}` }).waitFor();
	const hitung = page.locator('#hitung-tugas');
	await hitung.waitFor({ state: 'visible' });
	assert.match(await hitung.textContent(), /^1 menunggu tindakan$/);
	await page.getByRole('link', { name: 'Tugas saya 1 menunggu tindakan' }).waitFor();
	const bagian = page.getByRole('region', { name: 'RKA dikembalikan untuk diperbaiki (1)' })
		.or(page.locator('section', { hasText: 'RKA dikembalikan untuk diperbaiki (1)' }));
	await bagian.first().waitFor();
	assert.match(await bagian.first().innerText(), new RegExp(ALASAN.replace(/[.:]/g, '.')));
	await foto(page, 'tugas-dikembalikan');

	// The item opens the RKA: the reason first of all, and in the history who sent it back and why.
	await page.getByRole('link', { name: /RKA .* dikembalikan TAPD/ }).click();
	await page.getByRole('heading', { level: 1, name: `RKA Dinkes ${t}` }).waitFor();
	const kotak = page.locator('#alasan-dikembalikan');
	await kotak.waitFor();
	assert.match(await kotak.innerText(), /dikembalikan untuk diperbaiki/);
	assert.ok((await kotak.innerText()).includes(ALASAN), 'the reason is shown on the RKA');
	const riwayat = page.locator('table.tabel-riwayat');
	await riwayat.waitFor();
	const teks = await riwayat.innerText();
	for (const kata of ['Dibuat', 'Diajukan', 'Dikembalikan', ALASAN, 'Diajukan → Draf']) assert.ok(teks.includes(kata), `history lacks ${kata}`);
	await foto(page, 'tugas-rka-dikembalikan');

	// Fixed (the price of the SSH) and submitted again.
	await page.getByRole('button', { name: 'Ubah baris 1', exact: true }).click();
	await page.getByLabel('Harga satuan', { exact: true }).fill('55.000');
	await page.getByRole('button', { name: 'Simpan perubahan', exact: true }).click();
	await page.locator('form .sukses', { hasText: 'diganti' }).waitFor();
	await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByRole('button', { name: 'Ajukan sekarang' }).click();
	await page.locator('.slot .sukses', { hasText: 'diajukan' }).waitFor();
	assert.equal(await page.locator('#alasan-dikembalikan').count(), 0, 'a resubmitted RKA still says it was sent back');
	assert.equal((await apiOk(dinkes, 'GET', `${P}/dokumen/${rka.id}`)).status, 'submitted');

	// Nothing waits on the planner any more; TAPD has it to verify.
	await buka(page, '#/tugas');
	await page.getByText('Tidak ada pekerjaan yang menunggu tindakan Anda.').waitFor();
	assert.ok(await hitung.isHidden(), 'the menu still counts the RKA');
	const q = await apiOk(keu, 'GET', `${P}/tugas?tahun=${t}`);
	assert.ok(q.items.some((i) => i.jenis === 'rka_verifikasi' && i.dokumen_id === rka.id), 'TAPD does not have it to verify');
	assert.deepEqual(page.galat, []);
	await page.context().close();
}
