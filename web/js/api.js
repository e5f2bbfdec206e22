// api.js - the only way the console talks to pagu: the public HTTP API, as a person signed in
// with NIP and sandi (the session lives in pagu's HttpOnly cookie, which scripts never read; its
// CSRF token is kept in memory only and sent on every change), or with an API token kept in this
// tab's sessionStorage.

const KUNCI_TOKEN = 'pagu.token';

export const sesi = {
	token: () => sessionStorage.getItem(KUNCI_TOKEN),
	simpan: (t) => sessionStorage.setItem(KUNCI_TOKEN, t),
	hapus: () => { sessionStorage.removeItem(KUNCI_TOKEN); sesi.csrf = null; },
	csrf: null, // the session's CSRF token, from POST /v1/masuk or GET /v1/sesi; never stored
};

// The server says a problem's title and detail in the language asked for (Accept-Language: id,
// below); the console shows them as they come. These titles are only for the refusals the console
// itself raises before calling the API (galatIsian) and for a server it cannot reach.
const JUDUL_SENDIRI = {
	'invalid-input': 'Isian tidak valid',
	'invalid-amount': 'Jumlah uang tidak valid',
	'not-found': 'Tidak ditemukan',
	'unauthenticated': 'Perlu masuk',
};

// Names of the fields the API reports, as a user knows them.
const KOLOM = {
	opd_kode: 'OPD', sub_kegiatan: 'Sub kegiatan', indikator: 'Indikator', target: 'Target',
	satuan: 'Satuan', pagu_indikatif: 'Pagu indikatif', lokasi: 'Lokasi', lokasi_titik: 'Titik lokasi',
	sumber_dana: 'Sumber dana', rpjmd_kode: 'Kode RPJMD', akun: 'Kode rekening', uraian: 'Uraian',
	koefisien: 'Koefisien', harga_satuan: 'Harga satuan', ssh_kode: 'Item SSH', jumlah: 'Jumlah',
	tahun: 'Tahun', jenis: 'Jenis', aksi: 'Tindakan', alasan: 'Alasan', triwulan: 'Triwulan',
	nilai: 'Realisasi', fisik: 'Fisik', catatan: 'Catatan', bukti: 'Bukti', predikat: 'Predikat',
	temuan: 'Temuan', rekomendasi: 'Rekomendasi', tindak_lanjut: 'Tindak lanjut', nomor: 'Nomor',
	tanggal: 'Tanggal', baris: 'Baris', rkpd_id: 'Indikator RKPD', 'If-Match': 'Versi data',
	'Idempotency-Key': 'Kunci permintaan', sampai: 'Sampai tanggal', dengan: 'Versi pembanding',
	koreksi_id: 'Nomor laporan yang dikoreksi',
	rules: 'Aturan', plafon: 'Plafon KUA-PPAS', kua_ppas: 'KUA-PPAS', status: 'Status dokumen', spm_id: 'SPM',
	kantong_id: 'Kantong', entri_id: 'Entri', opd: 'OPD',
};

export function namaKolom(field) {
	if (!field) return null;
	const parts = String(field).split('/').filter(Boolean);
	const last = parts.filter((p) => !/^\d+$/.test(p)).pop() || field;
	const idx = parts.filter((p) => /^\d+$/.test(p));
	const nama = KOLOM[last] || last;
	return idx.length ? `${nama} (ke-${idx.map((i) => +i + 1).join('/')})` : nama;
}

export class ApiError extends Error {
	constructor(status, problem) {
		const slug = (problem && typeof problem.type === 'string' ? problem.type : '').replace('urn:pagu:problem:', '');
		super((problem && problem.title) || JUDUL_SENDIRI[slug] || `Kesalahan ${status}`);
		this.status = status;
		this.slug = slug;
		this.problem = problem || {};
		this.field = this.problem.field || null;
		this.kolom = namaKolom(this.field);
		this.detail = this.problem.detail || '';
		this.rules = this.problem.rules || null;
	}
}

// A refusal found before calling the API, shown like the API's own: its type, the field named
// and the input marked.
export function galatIsian(field, detail, slug = 'invalid-input') {
	return new ApiError(400, { type: 'urn:pagu:problem:' + slug, field, detail });
}

function kunci() {
	if (crypto.randomUUID) return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// One request. @opts: {body (object: JSON, string: sent as is), type, ifMatch, raw (answer the
// Response), key (an Idempotency-Key to reuse on a retry)}. Resolves to {data, etag, status};
// rejects with ApiError for a problem and for a network failure (status 0).
export async function panggil(method, path, opts = {}) {
	// every answer, a refusal's title and detail included, in Bahasa Indonesia
	const headers = { Accept: 'application/json', 'Accept-Language': 'id' };
	const t = sesi.token();
	if (t) headers.Authorization = 'Bearer ' + t;
	else if (method !== 'GET' && sesi.csrf) headers['X-CSRF-Token'] = sesi.csrf;
	let body;
	if (opts.body !== undefined) {
		headers['Content-Type'] = opts.type || 'application/json';
		body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
	}
	if (method !== 'GET' && !opts.safe) headers['Idempotency-Key'] = opts.key || kunci();
	if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
	let res;
	try {
		res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
	} catch (e) {
		throw new ApiError(0, { title: 'Tidak dapat menghubungi server pagu; periksa jaringan lalu coba lagi' });
	}
	if (opts.raw && res.ok) return res;
	const text = await res.text();
	let data = null;
	try {
		data = text ? JSON.parse(text) : null;
	} catch (e) {
		data = text;
	}
	if (!res.ok) {
		const slug = data && typeof data.type === 'string' ? data.type : '';
		if (res.status === 401 && !opts.masuk && !slug.endsWith(':second-factor-required')) window.dispatchEvent(new CustomEvent('pagu:keluar'));
		const err = new ApiError(res.status, data && typeof data === 'object' ? data : null);
		err.tunggu = Number(res.headers.get('Retry-After')) || 0;
		throw err;
	}
	return { data, etag: res.headers.get('ETag'), status: res.status };
}

// What day pagu takes for today (GET /v1/health): the server's training date when one is set, else
// today in WIB. Postings after it are refused, so the forms offer no later date.
export const waktu = { hariIni: null, latihan: false };

export async function muatWaktu() {
	try {
		const r = await panggil('GET', '/v1/health', { safe: true });
		waktu.hariIni = typeof r.data.hari_ini === 'string' ? r.data.hari_ini : null;
		waktu.latihan = r.data.tanggal_latihan === true;
	} catch (e) {
		waktu.hariIni = null; // unreachable now: the browser's day in WIB until the next load
		waktu.latihan = false;
	}
	return waktu;
}

// Today for the forms: the server's (muatWaktu), else the browser's day in WIB.
export function tanggalHariIni() {
	return waktu.hariIni || new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' });
}

export const get = async (path) => (await panggil('GET', path)).data;
export const post = async (path, body, opts = {}) => (await panggil('POST', path, { ...opts, body })).data;

// Every page of a list (items + next_cursor), up to @max items.
export async function semua(path, max = 5000) {
	const out = [];
	let cursor = null;
	do {
		const sep = path.includes('?') ? '&' : '?';
		const d = await get(path + sep + 'limit=500' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
		out.push(...d.items);
		cursor = d.next_cursor;
	} while (cursor && out.length < max);
	return out;
}

// Downloads a report (CSV, XLSX) through fetch so the token goes in the header, never in a URL.
export async function unduh(path, namaBerkas) {
	const res = await panggil('GET', path, { raw: true });
	const blob = await res.blob();
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = namaBerkas;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
