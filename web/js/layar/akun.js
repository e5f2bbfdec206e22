// akun.js - Akun saya (#/akun, a person's session): change the sandi, set up the authenticator
// app (TOTP: a QR code, the secret for typing in, then the recovery codes once), see and end my
// sessions, sign out. A restricted session (a first sandi from a one-time code, or TOTP the pemda
// requires) sees only the step it must take.
import { get, panggil } from '../api.js';
import { tanggal } from '../format.js';
import { bagianLayar, h, judul, kolom, sibuk, sukses, tabel } from '../ui.js';

const b64 = (s) => btoa(unescape(encodeURIComponent(s)));

function formSandi(ctx, wajib) {
	const slot = h('div', { class: 'slot' });
	const lama = h('input', { name: 'sandi_lama', type: 'password', autocomplete: 'current-password' });
	const baru = h('input', { name: 'sandi_baru', type: 'password', autocomplete: 'new-password', required: true });
	const ulang = h('input', { name: 'sandi_ulang', type: 'password', autocomplete: 'new-password', required: true });
	const form = h('form', { class: 'form', onsubmit: async (e) => {
		e.preventDefault();
		await sibuk(form.querySelector('button'), slot, async () => {
			if (baru.value !== ulang.value) {
				throw new (await import('../api.js')).ApiError(400, { type: 'urn:pagu:problem:invalid-input', field: 'sandi_ulang', detail: 'Sandi baru dan ulangannya tidak sama.' });
			}
			const body = { sandi_baru: baru.value };
			if (!wajib || lama.value) body.sandi_lama = lama.value;
			await panggil('POST', '/v1/akun/sandi', { body });
			form.reset();
			sukses(slot, 'Sandi diganti. Sesi Anda di perangkat lain telah diakhiri.');
			if (wajib) location.reload();
		}, form);
	} },
	wajib ? h('p', null, 'Anda masuk dengan kode sekali pakai dari admin. Buat sandi Anda sendiri sebelum melanjutkan.') : null,
	wajib ? null : kolom('Sandi sekarang', lama),
	kolom('Sandi baru', baru, 'Minimal 8 karakter bila akun memakai kode verifikasi, 15 karakter bila tidak. Boleh berupa kalimat; jangan memakai NIP atau nama Anda.'),
	kolom('Ulangi sandi baru', ulang),
	h('button', { type: 'submit', class: 'utama' }, 'Ganti sandi'), slot);
	return form;
}

function bagianTotp(ctx, wajib) {
	const slot = h('div', { class: 'slot' });
	const isi = h('div');
	const mulai = h('button', { type: 'button', class: 'utama', onclick: () => sibuk(mulai, slot, async () => {
		const r = (await panggil('POST', '/v1/akun/totp')).data;
		const kode = h('input', { name: 'kode', inputmode: 'numeric', autocomplete: 'one-time-code', required: true });
		const form = h('form', { class: 'form', onsubmit: async (e) => {
			e.preventDefault();
			await sibuk(form.querySelector('button'), slot, async () => {
				const a = (await panggil('POST', '/v1/akun/totp/aktif', { body: { kode: kode.value.trim() } })).data;
				isi.replaceChildren(h('div', { class: 'sukses', role: 'status' },
					h('p', null, 'Kode verifikasi aktif. Simpan kode pemulihan di bawah ini di tempat aman (cetak atau salin): masing-masing dapat dipakai sekali bila ponsel Anda hilang. Kode ini hanya ditampilkan sekarang.'),
					h('ol', { class: 'kode-pemulihan', id: 'kode-pemulihan' }, (a.kode_pemulihan || []).map((k) => h('li', null, h('code', null, k)))),
					h('button', { type: 'button', onclick: () => window.print() }, 'Cetak'),
					wajib ? h('button', { type: 'button', class: 'utama', onclick: () => location.reload() }, 'Lanjutkan') : null));
			}, form);
		} },
		kolom('Kode dari aplikasi', kode, 'Enam angka yang tampil di aplikasi setelah kode QR dipindai.'),
		h('button', { type: 'submit', class: 'utama' }, 'Aktifkan'));
		isi.replaceChildren(
			h('p', null, 'Pindai kode QR ini dengan aplikasi autentikator (mis. Google Authenticator, Aegis, FreeOTP).'),
			h('img', { class: 'qr', alt: 'Kode QR untuk aplikasi autentikator', src: 'data:image/svg+xml;base64,' + b64(r.qr_svg || '') }),
			h('p', null, 'Tidak dapat memindai? Ketik kunci ini di aplikasi: ', h('code', { id: 'totp-rahasia' }, r.rahasia)),
			form);
	}) }, 'Siapkan kode verifikasi');
	isi.append(h('p', null, wajib
		? 'Pemda mewajibkan kode verifikasi (aplikasi autentikator di ponsel) untuk peran Anda. Siapkan sekarang untuk melanjutkan.'
		: 'Kode verifikasi membuat akun tetap aman walau sandi Anda diketahui orang lain.'), mulai);
	return h('div', null, isi, slot);
}

async function bagianSesi(ctx) {
	const slot = h('div', { class: 'slot' });
	const wadah = h('div');
	const muat = async () => {
		const d = await get('/v1/akun/sesi');
		wadah.replaceChildren(tabel([
			{ judul: 'Masuk', isi: (s) => tanggal(s.dibuat) },
			{ judul: 'Terakhir aktif', isi: (s) => tanggal(s.terakhir) },
			{ judul: 'Alamat', isi: (s) => s.alamat || '' },
			{ judul: 'Peramban', isi: (s) => s.agen || '' },
			{ judul: '', isi: (s) => (s.ini ? 'Sesi ini' : h('button', { type: 'button', onclick: (e) => sibuk(e.target, slot, async () => {
				await panggil('POST', `/v1/akun/sesi/${s.id}/akhiri`);
				sukses(slot, 'Sesi diakhiri.');
				await muat();
			}) }, 'Akhiri')) },
		], d.items || [], { caption: 'Sesi saya' }));
	};
	const semua = h('button', { type: 'button', onclick: () => sibuk(semua, slot, async () => {
		await panggil('POST', '/v1/akun/sesi/akhiri-semua');
		sukses(slot, 'Semua sesi lain diakhiri.');
		await muat();
	}) }, 'Akhiri semua sesi lain');
	await muat();
	return h('div', null, wadah, semua, slot);
}

export async function tampilkan(el, ctx) {
	const s = ctx.sesi;
	const p = s.pengguna || {};
	el.append(judul('Akun saya', [p.nama || s.nama, p.nip ? `NIP ${p.nip}` : null, p.jabatan].filter(Boolean).join(' · ')));
	if (s.terbatas === 'ganti_sandi') {
		el.append(bagianLayar('akun-sandi', 'Buat sandi baru', formSandi(ctx, true)));
		return;
	}
	if (s.terbatas === 'daftar_totp') {
		el.append(bagianLayar('akun-totp', 'Siapkan kode verifikasi', bagianTotp(ctx, true)));
		return;
	}
	el.append(bagianLayar('akun-sandi', 'Ganti sandi', formSandi(ctx, false)),
		bagianLayar('akun-totp', 'Kode verifikasi (aplikasi autentikator)', bagianTotp(ctx, false)),
		bagianLayar('akun-sesi', 'Sesi saya', await bagianSesi(ctx)));
}
