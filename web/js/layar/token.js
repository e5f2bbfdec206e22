// token.js - Token API (#/token, admin): the pemda's tokens for systems (BPKAD's, Bapenda's
// applications), a new one whose secret is shown once, and revoking one at once.
import { get, panggil } from '../api.js';
import { tanggal } from '../format.js';
import { bagianLayar, h, judul, kolom, konfirmasi, PERAN, sibuk, sukses, tabel } from '../ui.js';

export async function tampilkan(el, ctx) {
	el.append(judul('Token API', 'Token untuk aplikasi lain (mis. sistem BPKAD atau Bapenda) yang memanggil pagu. Orang masuk dengan NIP dan sandi, bukan token.'));
	const slot = h('div', { class: 'slot' });
	const daftar = h('div');
	const muat = async () => {
		const d = await get(ctx.p('token'));
		daftar.replaceChildren(tabel([
			{ judul: 'No.', isi: (t) => String(t.id), angka: true },
			{ judul: 'Nama', isi: (t) => t.nama + (t.ini ? ' (token yang Anda pakai)' : '') },
			{ judul: 'Peran', isi: (t) => PERAN[t.peran] || t.peran },
			{ judul: 'OPD', isi: (t) => (t.opd_kode ? ctx.namaOpd(t.opd_kode) : 'Semua') },
			{ judul: 'Dibuat', isi: (t) => tanggal(t.dibuat) },
			{ judul: 'Status', isi: (t) => (t.dicabut ? `Dicabut ${tanggal(t.dicabut)}` : 'Aktif') },
			{ judul: '', isi: (t) => (t.dicabut ? '' : h('button', { type: 'button', onclick: (e) => cabut(e.target, t) }, 'Cabut')) },
		], d.items, { caption: 'Token API pemda ini', kosong: 'Belum ada token.' }));
	};
	const cabut = async (btn, t) => {
		const pesan = t.ini
			? 'Ini token yang sedang Anda pakai. Setelah dicabut Anda keluar dan tidak dapat masuk lagi dengannya.'
			: `Aplikasi yang memakai token “${t.nama}” langsung ditolak sejak saat ini.`;
		if (!(await konfirmasi('Cabut token?', pesan, 'Ya, cabut'))) return;
		await sibuk(btn, slot, async () => {
			await panggil('POST', ctx.p(`token/${t.id}/cabut${t.ini ? '?sendiri=ya' : ''}`));
			sukses(slot, `Token “${t.nama}” dicabut.`);
			await muat();
		});
	};
	const nama = h('input', { name: 'nama', required: true, maxlength: 200 });
	const peran = h('select', { name: 'peran' }, Object.entries(PERAN).map(([k, v]) => h('option', { value: k }, v)));
	const opd = h('select', { name: 'opd_kode' }, h('option', { value: '' }, 'Semua OPD'),
		ctx.opd.map((o) => h('option', { value: o.kode }, o.singkatan || o.nama)));
	const hasil = h('div', { class: 'slot', id: 'token-baru' });
	const form = h('form', { class: 'form', onsubmit: async (e) => {
		e.preventDefault();
		await sibuk(form.querySelector('button'), slot, async () => {
			const body = { nama: nama.value.trim(), peran: peran.value };
			if (opd.value) body.opd_kode = opd.value;
			const r = await panggil('POST', ctx.p('token'), { body });
			hasil.replaceChildren(h('div', { class: 'sukses', role: 'status' },
				h('p', null, `Token “${r.data.nama}” dibuat. Salin sekarang: token ini hanya ditampilkan sekali dan tidak dapat dilihat lagi.`),
				h('code', { class: 'rahasia', id: 'token-rahasia' }, r.data.token || '(sudah ditampilkan sebelumnya)')));
			form.reset();
			await muat();
		}, form);
	} },
	kolom('Nama pemakai token', nama, 'Mis. “Aplikasi BPKAD”.'), kolom('Peran', peran), kolom('OPD', opd),
	h('button', { type: 'submit', class: 'utama' }, 'Buat token'));
	el.append(slot, bagianLayar('token-daftar', 'Daftar token', daftar), bagianLayar('token-buat', 'Buat token baru', form, hasil));
	await muat();
}
