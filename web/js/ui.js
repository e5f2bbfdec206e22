// ui.js - small DOM helpers shared by every screen: elements, tables, errors, dialogs.
import { ApiError } from './api.js';
import { fromUnits, rupiah, sen } from './format.js';

// h('button', {class: 'x', onclick: f}, 'text', child...) - attributes starting with "on" are listeners.
export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === null || v === undefined || v === false) continue;
		if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
		else if (k === 'class') el.className = v;
		else if (k === 'dataset') Object.assign(el.dataset, v);
		else if (v === true) el.setAttribute(k, '');
		else el.setAttribute(k, v);
	}
	for (const c of children.flat(Infinity)) {
		if (c === null || c === undefined || c === false) continue;
		el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return el;
}

// A table: cols = [{judul, isi: (row) => text|Node, angka: true (right-aligned)}].
export function tabel(cols, rows, opts = {}) {
	const head = h('tr', null, cols.map((c) => h('th', { scope: 'col', class: c.angka ? 'num' : null }, c.judul)));
	const body = rows.map((r, i) =>
		h('tr', opts.baris ? opts.baris(r, i) : null,
			cols.map((c) => h('td', { class: c.angka ? 'num' : null }, c.isi(r, i)))));
	const t = h('table', { class: 'tabel' + (opts.class ? ' ' + opts.class : '') },
		opts.caption ? h('caption', null, opts.caption) : null, h('thead', null, head),
		h('tbody', null, body.length ? body : h('tr', null, h('td', { colspan: cols.length, class: 'kosong' },
			opts.kosong || 'Belum ada data.'))));
	// a wide table scrolls in its box; the box takes the focus so a keyboard can scroll it too
	return h('div', { class: 'tabel-wadah', tabindex: '0', role: 'region',
		'aria-label': opts.caption || opts.label || 'Tabel' }, t);
}

// A rule's result in words: an error that fails refuses ("Melanggar"); a warning is advice
// ("Peringatan"); a finding ("Temuan") never refuses but travels with the budget to the evaluators.
export const KEPARAHAN = {
	error: { teks: 'Melanggar', tanda: '✗', cls: 'gagal' },
	warning: { teks: 'Peringatan', tanda: '!', cls: 'peringatan' },
	finding: { teks: 'Temuan', tanda: '◆', cls: 'temuan' },
};

export function statusHasil(r) {
	if (r.applies === false) return { teks: 'Tidak berlaku', tanda: '–', cls: 'tidak-berlaku' };
	if (r.passed) return { teks: 'Lulus', tanda: '✓', cls: 'lulus' };
	return KEPARAHAN[r.severity] || KEPARAHAN.warning;
}

// "2 pelanggaran, 1 peringatan, 3 temuan" from an evaluation's counts.
export function hitungAturan(rules) {
	return `${rules.errors ?? 0} pelanggaran, ${rules.warnings ?? 0} peringatan, ${rules.findings ?? 0} temuan`;
}

// A rules event ("submit rka", "post sp2d", "close triwulan") as staff say it: "pengajuan RKA".
const KATA_PERISTIWA = { submit: 'pengajuan', verify: 'verifikasi', lock: 'penetapan', reject: 'penolakan',
	post: 'pembukuan', close: 'penutupan' };
const BENDA_PERISTIWA = { rkpd: 'RKPD', kua_ppas: 'KUA-PPAS', rka: 'RKA', apbd: 'APBD', dpa: 'DPA', sp2d: 'SP2D',
	sts: 'STS', spm: 'SPM', spd: 'SPD', triwulan: 'triwulan' };
export function namaPeristiwa(event) {
	const [kata, benda] = String(event || '').split(/\s+/);
	if (!KATA_PERISTIWA[kata]) return 'tindakan';
	return benda ? `${KATA_PERISTIWA[kata]} ${BENDA_PERISTIWA[benda] || benda}` : KATA_PERISTIWA[kata];
}

// What is not for staff (a rule's name and file:line, the rules event, a problem's type and request
// number) folded away under "Rincian teknis", for whoever supports them.
export function rincianTeknis(...baris) {
	const isi = baris.filter(Boolean);
	if (!isi.length) return null;
	return h('details', { class: 'rincian-teknis' }, h('summary', null, 'Rincian teknis'),
		h('dl', null, isi.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, h('code', null, String(v)))])));
}

// Whether an evaluation has anything to show after a transition: warnings or findings.
export const adaCatatanAturan = (rules) => !!(rules && (rules.warnings || rules.findings));

// The results of a rules evaluation: every rule with status, message and citation.
export function hasilAturan(rules, opts = {}) {
	if (!rules || !Array.isArray(rules.results)) return null;
	const rows = rules.results.filter((r) => r.applies !== false && (!opts.hanyaGagal || !r.passed));
	return h('div', { class: 'aturan' },
		h('p', { class: 'aturan-ringkas' }, hitungAturan(rules),
			rules.event ? ` — ${namaPeristiwa(rules.event)}` : ''),
		rules.findings ? h('p', { class: 'aturan-catatan' }, 'Temuan tidak menolak tindakan; temuan dicatat pada dokumen dan ',
			'dibawa ke evaluasi APBD dan laporan.') : null,
		h('ul', { class: 'aturan-daftar' }, rows.map((r) => {
			const st = statusHasil(r);
			// a "for each" rule that failed in several groups: its message is the first group's, so
			// the list of every group's message (the first 20) says it once, not the message again
			const kelompok = Array.isArray(r.failures) && r.failures.length > 1;
			return h('li', { class: 'aturan-item ' + st.cls, dataset: { rule: r.rule } },
				h('strong', null, `${st.tanda} ${st.teks}`), ' ',
				h('span', { class: 'aturan-judul' }, r.title || r.rule),
				r.message && !kelompok ? h('div', { class: 'aturan-pesan' }, r.message) : null,
				kelompok ? h('ul', { class: 'aturan-kelompok' },
					r.failures.slice(0, 20).map((f) => h('li', null, f.message || f.group)),
					r.failures.length > 20 ? h('li', null, `dan ${r.failures.length - 20} kelompok lain`) : null) : null,
				h('div', { class: 'aturan-dasar' }, 'Dasar: ', h('cite', null, r.cite || '–')),
				rincianTeknis(['Aturan', r.rule], r.severity ? ['Keparahan', r.severity] : null,
					r.file ? ['Lokasi', `${r.file}:${r.line}`] : null, rules.event ? ['Peristiwa', rules.event] : null));
		})));
}

// The findings recorded on a document or a year (GET …/dokumen/{id} `temuan`, GET …/rules/temuan):
// rule, message and citation each; @judulAturan(rule) names a rule from the pack when known.
export function daftarTemuan(items, opts = {}) {
	const nama = opts.judulAturan || ((x) => x);
	return h('ul', { class: 'aturan-daftar daftar-temuan' }, items.map((t) => h('li', {
		class: 'aturan-item temuan', dataset: { rule: t.rule } },
	h('strong', null, '◆ Temuan'), ' ', h('span', { class: 'aturan-judul' }, nama(t.rule)),
	opts.dokumen ? opts.dokumen(t) : null,
	t.message ? h('div', { class: 'aturan-pesan' }, t.message) : null,
	h('div', { class: 'aturan-dasar' }, 'Dasar: ', h('cite', null, t.cite || '–')),
	rincianTeknis(['Aturan', t.rule], t.event ? ['Peristiwa', t.event] : null))));
}

// An error from the API (or anything else) in plain words, with the field at fault.
export function kotakGalat(err) {
	if (!(err instanceof ApiError)) {
		return h('div', { class: 'galat', role: 'alert' }, h('strong', null, 'Terjadi kesalahan: '), String(err && err.message || err));
	}
	return h('div', { class: 'galat', role: 'alert', dataset: { type: err.slug, field: err.field || '' } },
		h('strong', null, err.message),
		err.kolom ? h('div', { class: 'galat-kolom' }, 'Kolom: ', h('b', null, err.kolom)) : null,
		// a refusal by the rules: the list below says it in Indonesian, rule by rule, with its citation
		err.detail && !(err.rules && err.slug === 'rules-refused') ? h('div', { class: 'galat-rinci' }, err.detail) : null,
		err.rules ? hasilAturan(err.rules, { hanyaGagal: true }) : null,
		rincianTeknis(err.slug ? ['Jenis masalah', err.slug] : null, err.field ? ['Isian', err.field] : null,
			err.problem.request_id ? ['Nomor permintaan', err.problem.request_id] : null));
}

// Shows @err in @slot (an element), replacing what was there; marks the field's input invalid.
export function tampilkanGalat(slot, err, form) {
	slot.replaceChildren(kotakGalat(err));
	if (form && err instanceof ApiError && err.field) {
		const name = err.field.split('/').filter((p) => p && !/^\d+$/.test(p)).pop();
		const input = name && form.querySelector(`[name="${CSS.escape(name)}"]`);
		if (input) {
			input.setAttribute('aria-invalid', 'true');
			input.focus();
		}
	}
	slot.scrollIntoView({ block: 'nearest' });
}

export function sukses(slot, teks) {
	slot.replaceChildren(h('div', { class: 'sukses', role: 'status' }, teks));
}

// A modal dialog (native <dialog>, so Escape and focus work from the keyboard).
// Resolves true when confirmed.
export function konfirmasi(judul, isi, tombol = 'Ya, lanjutkan') {
	return new Promise((resolve) => {
		const d = h('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-judul' },
			h('h2', { id: 'dialog-judul' }, judul),
			h('div', { class: 'dialog-isi' }, isi),
			h('div', { class: 'aksi' },
				h('button', { type: 'button', class: 'utama', onclick: () => { d.close('ya'); } }, tombol),
				h('button', { type: 'button', onclick: () => d.close('batal') }, 'Batal')));
		d.addEventListener('close', () => { d.remove(); resolve(d.returnValue === 'ya'); });
		document.body.append(d);
		d.showModal();
	});
}

// Runs @fn with @btn disabled and a busy marker; errors go to @slot.
export async function sibuk(btn, slot, fn, form) {
	if (btn) btn.disabled = true;
	document.body.classList.add('memuat');
	try {
		if (form) form.querySelectorAll('[aria-invalid]').forEach((x) => x.removeAttribute('aria-invalid'));
		if (slot) slot.replaceChildren();
		return await fn();
	} catch (e) {
		if (slot) tampilkanGalat(slot, e, form);
		else throw e;
	} finally {
		if (btn) btn.disabled = false;
		document.body.classList.remove('memuat');
	}
}

// An id unique in this page: "@prefix-N".
let nomorId = 0;
export const uid = (prefix) => `${prefix}-${++nomorId}`;

// A section (id @id) headed by an h2 that names it and takes the focus when a screen points to it.
export function bagianLayar(id, teks, ...isi) {
	return h('section', { id, 'aria-labelledby': id + '-judul' }, h('h2', { id: id + '-judul', tabindex: '-1' }, teks), ...isi);
}

// A labelled field: label text, then the input (given) and an optional hint.
export function kolom(label, input, hint) {
	const id = input.id || uid('f');
	input.id = id;
	return h('div', { class: 'kolom' }, h('label', { for: id }, label), input, hint ? h('small', null, hint) : null);
}

export function judul(teks, sub) {
	return h('header', { class: 'judul-layar' }, h('h1', { tabindex: '-1' }, teks), sub ? h('p', null, sub) : null);
}

export const STATUS = { draft: 'Draf', submitted: 'Diajukan', verified: 'Diverifikasi', locked: 'Dikunci', rejected: 'Ditolak' };
export const JENIS = { rkpd: 'RKPD', kua_ppas: 'KUA-PPAS', rka: 'RKA', apbd: 'APBD', dpa: 'DPA' };
export const PERAN = { planner: 'Perencana', finance: 'Keuangan (BPKAD/TAPD)', revenue: 'Pendapatan (Bapenda)',
	inspector: 'Inspektorat', admin: 'Admin' };

// The stage of the year a version belongs to (`tahap`): the APBD as first enacted, a shift within
// a sub kegiatan, or the APBD Perubahan (RKA-P, APBD-P, DPPA).
export const TAHAP = { murni: 'Murni', pergeseran: 'Pergeseran', perubahan: 'Perubahan' };
const TAHAP_DOKUMEN = { perubahan: { rka: 'RKA-P', apbd: 'APBD-P', dpa: 'DPPA' } };

export function teksTahap(d) {
	const t = d.tahap || 'murni';
	const nama = TAHAP_DOKUMEN[t] && TAHAP_DOKUMEN[t][d.jenis];
	return `${TAHAP[t] || t}${nama ? ` (${nama})` : ''}`;
}

export function lencanaTahap(d) {
	const t = d.tahap || 'murni';
	return h('span', { class: 'lencana tahap tahap-' + t }, teksTahap(d));
}

// A version with a comparison against the one it was made from (GET …/dokumen/{id}/perbandingan).
export const adaPerbandingan = (d) => (d.tahap === 'pergeseran' || d.tahap === 'perubahan') && !!d.asal_id;

export function lencanaStatus(s) {
	return h('span', { class: 'lencana status-' + s }, STATUS[s] || s);
}

// Before, change and after against the version this one was made from, per OPD, sub kegiatan and
// akun; belanja's totals from the API, pendapatan and pembiayaan totalled apart (never netted).
export function isiPerbandingan(ctx, d, r) {
	const rows = r.baris || [];
	const kelas = (akun) => (akun.startsWith('4') ? 'pendapatan' : akun.startsWith('5') ? 'belanja'
		: akun.startsWith('6.1') ? 'penerimaan_pembiayaan' : akun.startsWith('6.2') ? 'pengeluaran_pembiayaan' : 'lain');
	const total = (k) => {
		const x = rows.filter((b) => kelas(b.akun) === k);
		return { n: x.length, sebelum: jumlah(x, (b) => b.sebelum), sesudah: jumlah(x, (b) => b.sesudah),
			perubahan: jumlah(x, (b) => b.perubahan) };
	};
	// the lines that changed; the unchanged ones are counted in the caption
	const tampil = rows.filter((b) => b.perubahan !== '0.00');
	const t = tabel([
		{ judul: 'OPD', isi: (b) => h('span', { title: b.opd_kode }, ctx.namaOpd(b.opd_kode)) },
		{ judul: 'Sub kegiatan', isi: (b) => b.sub_kegiatan || '–' },
		{ judul: 'Kode rekening', isi: (b) => b.akun },
		{ judul: 'Sebelum', isi: (b) => rupiah(b.sebelum), angka: true },
		{ judul: 'Perubahan', isi: (b) => h('span', { class: b.perubahan.startsWith('-') ? 'berkurang' : null }, rupiah(b.perubahan)), angka: true },
		{ judul: 'Sesudah', isi: (b) => rupiah(b.sesudah), angka: true },
	], tampil, { class: 'tabel-perbandingan', caption: `Baris yang berubah (${tampil.length} dari ${rows.length} baris OPD × sub kegiatan × akun)`,
		kosong: 'Tidak ada baris yang berubah.' });
	const bel = r.belanja || total('belanja');
	t.querySelector('table').append(h('tfoot', null, h('tr', { class: 'total' }, [h('td', { colspan: 3 }, 'Jumlah belanja'), h('td', { class: 'num', id: 'banding-sebelum' }, rupiah(bel.sebelum)),
		h('td', { class: 'num', id: 'banding-perubahan' }, rupiah(bel.perubahan)), h('td', { class: 'num', id: 'banding-sesudah' }, rupiah(bel.sesudah))])));
	const lain = [['Pendapatan', 'pendapatan'], ['Penerimaan pembiayaan', 'penerimaan_pembiayaan'], ['Pengeluaran pembiayaan', 'pengeluaran_pembiayaan']]
		.map(([label, k]) => ({ label, ...total(k) })).filter((x) => x.n);
	const ringkas = tabel([
		{ judul: 'Kelompok', isi: (x) => x.label },
		{ judul: 'Sebelum', isi: (x) => rupiah(x.sebelum), angka: true },
		{ judul: 'Perubahan', isi: (x) => rupiah(x.perubahan), angka: true },
		{ judul: 'Sesudah', isi: (x) => rupiah(x.sesudah), angka: true },
	], [{ label: 'Belanja', ...bel }, ...lain], { class: 'tabel-banding-ringkas', caption: 'Jumlah per kelompok (tidak dijumlahkan satu sama lain)' });
	return [
		h('p', { class: 'catatan' }, `${teksTahap(d)}: versi ini dibandingkan dengan versi asalnya, `,
			h('a', { href: '#/keuangan/dokumen/' + r.asal_id }, `dokumen #${r.asal_id}`), '.'),
		ringkas, t];
}

function jumlah(list, f) {
	let s = 0n;
	for (const x of list) s += sen(f(x));
	return fromUnits(s, 2);
}
