// app.js - the console's shell: sign-in, the session, the menu by role and the hash router.
import { ApiError, get, muatWaktu, panggil, sesi, waktu } from './api.js';
import { h, judul, kotakGalat, PERAN } from './ui.js';

// Screens by the first segment of the hash (#/ringkasan/2026, #/opd/<kode>, ...).
const LAYAR = {
	tugas: { label: 'Tugas saya', modul: './layar/tugas.js' },
	ringkasan: { label: 'Ringkasan', modul: './layar/ringkasan.js' },
	opd: { label: 'OPD', modul: './layar/opd.js' },
	perencanaan: { label: 'Perencanaan', modul: './layar/perencanaan.js' },
	keuangan: { label: 'Keuangan', modul: './layar/keuangan.js' },
	monev: { label: 'e-Monev', modul: './layar/monev.js' },
	akun: { label: 'Akun saya', modul: './layar/akun.js', sesiSaja: true },
	pengguna: { label: 'Pengguna', modul: './layar/pengguna.js', rute: ['GET', 'pengguna'] },
	token: { label: 'Token API', modul: './layar/token.js', rute: ['GET', 'token'] },
};

// "3 menit", "45 detik": how long to wait, from a Retry-After in seconds.
export function lamaTunggu(detik) {
	const d = Math.max(1, Math.round(detik || 0));
	return d >= 90 ? `${Math.ceil(d / 60)} menit` : `${d} detik`;
}

// What the signed-in token is and may do, from GET /v1/sesi. Screens receive it as ctx.
export const ctx = {
	sesi: null, // {token_id, nama, pemda: {id, nama, jenis}, peran, opd_kode, izin: {rute: [...], dokumen: {...}}}
	tahun: Number(sessionStorage.getItem('pagu.tahun')) || 0, // 0: the year of today (tahunIni), once known
	opd: [], // the pemda's OPD list
	get pemda() { return this.sesi.pemda.id; },
	// Base path of this pemda's resources.
	p(rest) { return `/v1/pemda/${this.sesi.pemda.id}/${rest}`; },
	// May this token call METHOD on a route of the table? ("POST", "ledger/sp2d")
	bisa(method, rute) {
		const want = `${method} /v1/pemda/{pemda}/${rute}`;
		return this.sesi.izin.rute.includes(want);
	},
	// May this token do @aksi on a document of @jenis of @opdKode (null: pemda-wide)?
	bisaDokumen(jenis, aksi, opdKode) {
		const a = (this.sesi.izin.dokumen[jenis] || []).includes(aksi);
		return a && (!this.sesi.opd_kode || this.sesi.opd_kode === opdKode);
	},
	// May this token act for @opdKode at all (an OPD-scoped token only for its own)?
	milikOpd(opdKode) { return !this.sesi.opd_kode || this.sesi.opd_kode === opdKode; },
	namaOpd(kode) {
		const o = this.opd.find((x) => x.kode === kode);
		return o ? o.singkatan || o.nama : kode;
	},
	setTahun(t) { this.tahun = t; sessionStorage.setItem('pagu.tahun', String(t)); },
};

const main = () => document.getElementById('isi');

// The year of pagu's today (a training date moves it), else the browser's.
const tahunIni = () => Number((waktu.hariIni || '').slice(0, 4)) || new Date().getFullYear();

// A training installation says so on every screen: its "today" is not the calendar's.
function tandaLatihan() {
	const el = document.getElementById('latihan');
	el.hidden = !waktu.latihan;
	el.replaceChildren(waktu.latihan
		? `Instalasi latihan: pagu memakai tanggal ${waktu.hariIni} sebagai hari ini, bukan tanggal kalender. `
			+ 'Transaksi bertanggal sesudahnya dan triwulan yang belum berakhir ditolak.'
		: '');
}

// The sign-in page: NIP (or username) and sandi, then the code of the authenticator app when the
// account has one; or, for a system's operator, an API token (kept in this tab only).
function tampilMasuk(pesan) {
	document.getElementById('atas').replaceChildren(h('span', { class: 'merek' }, 'pagu'));
	document.getElementById('menu').replaceChildren();
	const nip = h('input', { id: 'nip', name: 'nip', autocomplete: 'username', spellcheck: 'false' });
	const sandi = h('input', { id: 'sandi', name: 'sandi', type: 'password', autocomplete: 'current-password' });
	const kode = h('input', { id: 'kode', name: 'kode', autocomplete: 'one-time-code', inputmode: 'numeric', spellcheck: 'false' });
	const kodeBaris = h('div', { class: 'kode-masuk', hidden: true },
		h('label', { for: 'kode' }, 'Kode verifikasi'), kode,
		h('small', null, 'Enam angka dari aplikasi autentikator di ponsel Anda, atau salah satu kode pemulihan.'));
	const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off',
		spellcheck: 'false', placeholder: 'pagu_…' });
	const slot = h('div', { class: 'slot' }, pesan ? kotakGalat(pesan) : null);
	const form = h('form', { class: 'masuk', onsubmit: async (e) => {
		e.preventDefault();
		slot.replaceChildren();
		const tok = input.value.trim();
		try {
			if (tok) {
				sesi.simpan(tok);
				await mulai();
				return;
			}
			if (!nip.value.trim() || !sandi.value) {
				slot.replaceChildren(kotakGalat(new ApiError(400, { type: 'urn:pagu:problem:invalid-input',
					detail: 'Isi NIP atau nama pengguna dan sandi, atau token akses.' })));
				return;
			}
			const body = { nip: nip.value.trim(), sandi: sandi.value };
			if (!kodeBaris.hidden && kode.value.trim()) body.kode = kode.value.trim();
			const r = await panggil('POST', '/v1/masuk', { body, safe: true, masuk: true });
			sesi.csrf = r.data && r.data.csrf;
			await mulai();
		} catch (err) {
			if (tok) sesi.hapus();
			if (err instanceof ApiError && err.slug === 'second-factor-required') {
				const baru = kodeBaris.hidden;
				kodeBaris.hidden = false;
				kode.focus();
				if (baru && !kode.value) return;
			}
			if (!tok && err instanceof ApiError && err.slug === 'unauthenticated') {
				slot.replaceChildren(h('div', { class: 'galat', role: 'alert' },
					h('strong', null, 'NIP atau sandi salah. '), err.detail || 'Periksa lalu coba lagi.'));
				sandi.focus();
				return;
			}
			if (err instanceof ApiError && err.status === 429) {
				slot.replaceChildren(h('div', { class: 'galat', role: 'alert' },
					h('strong', null, 'Terlalu banyak percobaan masuk. '),
					`Demi keamanan akun, tunggu ${lamaTunggu(err.tunggu)} lalu coba lagi.`));
				return;
			}
			slot.replaceChildren(kotakGalat(err));
		}
	} },
	h('label', { for: 'nip' }, 'NIP atau nama pengguna'), nip,
	h('label', { for: 'sandi' }, 'Sandi'), sandi,
	kodeBaris,
	h('p', { class: 'atau' }, 'atau, untuk operator sistem, masuk dengan token API:'),
	h('label', { for: 'token' }, 'Token akses'), input,
	h('small', null, 'Token dibuat oleh admin di menu Token API. Disimpan hanya di tab ini dan hilang saat tab ditutup.'),
	h('button', { type: 'submit', class: 'utama' }, 'Masuk'), slot);
	main().replaceChildren(judul('Masuk ke pagu', 'Sistem keuangan daerah terpadu: perencanaan, penganggaran, penatausahaan dan e-monev.'), form);
	nip.focus();
}

// A screen for this sign-in: the account's own pages for a person, the admin's for a role whose
// routes include them (GET /v1/sesi's izin); a restricted session sees only Akun saya.
function bolehLayar(v) {
	const s = ctx.sesi;
	if (s.terbatas) return v === LAYAR.akun;
	if (v.sesiSaja) return s.jenis === 'sesi';
	if (v.rute) return ctx.bisa(v.rute[0], v.rute[1]);
	return true;
}

function kerangka() {
	const s = ctx.sesi;
	const tahunSel = h('select', { id: 'pilih-tahun', 'aria-label': 'Tahun anggaran', onchange: (e) => {
		ctx.setTahun(Number(e.target.value));
		tampil();
	} });
	const now = tahunIni();
	if (!ctx.tahun) ctx.tahun = now;
	for (let y = now - 2; y <= now + 2; y++) tahunSel.append(h('option', { value: y, selected: y === ctx.tahun }, `TA ${y}`));
	document.getElementById('atas').replaceChildren(
		h('span', { class: 'merek' }, 'pagu'),
		h('span', { class: 'pemda' }, s.pemda.nama),
		tahunSel,
		h('span', { class: 'pengguna', id: 'pengguna' }, `${s.nama} · ${PERAN[s.peran] || s.peran}`,
			s.opd_kode ? ` · ${ctx.namaOpd(s.opd_kode)}` : ''),
		h('button', { type: 'button', id: 'keluar', onclick: () => keluar() }, 'Keluar'));
	const nav = document.getElementById('menu');
	nav.replaceChildren(h('ul', null, Object.entries(LAYAR).filter(([, v]) => bolehLayar(v)).map(([k, v]) =>
		h('li', null, h('a', { href: '#/' + k, dataset: { layar: k } }, v.label,
			// what waits on this user: a count beside "Tugas saya", refreshed on every page change
			k === 'tugas' ? [' ', h('span', { class: 'hitung-tugas', id: 'hitung-tugas', hidden: true })] : null)))));
}

async function mulai() {
	await muatWaktu();
	tandaLatihan();
	ctx.sesi = await get('/v1/sesi');
	if (ctx.sesi.csrf) sesi.csrf = ctx.sesi.csrf;
	ctx.opd = ctx.sesi.terbatas ? [] : (await get(ctx.p('opd?limit=500'))).items;
	kerangka();
	if (ctx.sesi.terbatas) {
		// a first sign-in with a one-time code, or TOTP the pemda requires: nothing else until done
		if (location.hash !== '#/akun') location.hash = '#/akun';
		else await tampil();
	} else if (!location.hash || location.hash === '#/') {
		location.hash = ctx.sesi.opd_kode ? '#/opd/' + ctx.sesi.opd_kode : '#/ringkasan';
	} else {
		await tampil();
	}
}

let giliran = 0;

// The menu's count of waiting work (GET …/tugas), with its words for a screen reader.
async function segarkanTugas() {
	const el = document.getElementById('hitung-tugas');
	if (!el || !ctx.sesi) return;
	try {
		const r = await get(ctx.p(`tugas?tahun=${ctx.tahun}`));
		// the number shown, and for a screen reader what it counts (the link's name is its text)
		el.replaceChildren(String(r.jumlah), h('span', { class: 'teks-pembaca' }, ' menunggu tindakan'));
		el.hidden = !r.jumlah;
	} catch (e) {
		el.hidden = true;
	}
}

// Forgets the token and the session; a screen still loading draws nothing after this.
function keluar(pesan) {
	// a person's session ends on the server too (the cookie is cleared); a token stays valid
	if (ctx.sesi && ctx.sesi.jenis === 'sesi' && !pesan) panggil('POST', '/v1/keluar', { safe: true }).catch(() => {});
	sesi.hapus();
	ctx.sesi = null;
	giliran++;
	history.replaceState(null, '', location.pathname);
	tampilMasuk(pesan);
}

// The hash's segments, decoded; null when one is not valid percent-encoding.
function segmen() {
	try {
		return location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
	} catch (e) {
		return null;
	}
}

async function tampil() {
	if (!ctx.sesi) return;
	const seg = segmen() || ['ringkasan'];
	const [nama = 'ringkasan', ...args] = seg;
	const layar = LAYAR[nama] && bolehLayar(LAYAR[nama]) ? LAYAR[nama] : ctx.sesi.terbatas ? LAYAR.akun : LAYAR.ringkasan;
	document.querySelectorAll('#menu a').forEach((a) =>
		a.toggleAttribute('aria-current', a.dataset.layar === (LAYAR[nama] ? nama : 'ringkasan')));
	const saya = ++giliran;
	segarkanTugas();
	const wadah = h('div', { class: 'layar', 'aria-busy': 'true' });
	main().replaceChildren(wadah);
	try {
		const m = await import(layar.modul);
		if (saya !== giliran) return;
		await m.tampilkan(wadah, ctx, args);
	} catch (e) {
		if (saya === giliran) wadah.replaceChildren(kotakGalat(e));
	} finally {
		wadah.removeAttribute('aria-busy');
		if (saya === giliran) {
			document.title = `${layar.label} · pagu`;
			const h1 = wadah.querySelector('h1');
			if (h1 && document.activeElement === document.body) h1.focus({ preventScroll: true });
		}
	}
}

window.addEventListener('hashchange', tampil);
window.addEventListener('pagu:keluar', () => {
	if (ctx.sesi) keluar(new ApiError(401, { type: 'urn:pagu:problem:unauthenticated' }));
});

// A token of this tab, or a session cookie of this browser (a reload, a new tab): signed in still.
if (sesi.token()) {
	mulai().catch((e) => { sesi.hapus(); tampilMasuk(e); });
} else {
	mulai().catch(() => { ctx.sesi = null; tampilMasuk(); muatWaktu().then(tandaLatihan); });
}
