// ui.js - small DOM helpers shared by every screen: elements, tables, errors, dialogs.
import { ApiError } from './api.js';

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

// The results of a rules evaluation: every rule with status, message and citation.
export function hasilAturan(rules, opts = {}) {
	if (!rules || !Array.isArray(rules.results)) return null;
	const rows = rules.results.filter((r) => r.applies !== false && (!opts.hanyaGagal || !r.passed));
	return h('div', { class: 'aturan' },
		h('p', { class: 'aturan-ringkas' },
			`${rules.errors ?? 0} pelanggaran (error), ${rules.warnings ?? 0} peringatan`,
			rules.event ? ` — peristiwa “${rules.event}”` : ''),
		h('ul', { class: 'aturan-daftar' }, rows.map((r) => h('li', {
			class: 'aturan-item ' + (r.passed ? 'lulus' : r.severity === 'error' ? 'gagal' : 'peringatan'),
			dataset: { rule: r.rule },
		},
		h('strong', null, r.passed ? '✓ Lulus' : r.severity === 'error' ? '✗ Melanggar' : '! Peringatan'), ' ',
		h('span', { class: 'aturan-judul' }, r.title || r.rule),
		r.message ? h('div', { class: 'aturan-pesan' }, r.message) : null,
		// a "for each" rule that failed in several groups: every group's message (the first 20)
		Array.isArray(r.failures) && r.failures.length > 1 ? h('ul', { class: 'aturan-kelompok' },
			r.failures.slice(0, 20).map((f) => h('li', null, f.message || f.group)),
			r.failures.length > 20 ? h('li', null, `dan ${r.failures.length - 20} kelompok lain`) : null) : null,
		h('div', { class: 'aturan-dasar' }, 'Dasar: ', h('cite', null, r.cite || '–'), ` (${r.file}:${r.line})`)))));
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
		err.detail && !(err.rules && err.slug === 'rules-refused') ? h('div', { class: 'galat-rinci' }, 'Rincian: ', err.detail) : null,
		err.rules ? hasilAturan(err.rules, { hanyaGagal: true }) : null,
		err.problem.request_id ? h('div', { class: 'galat-nomor' }, 'Nomor permintaan: ', h('code', null, err.problem.request_id)) : null);
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

export function lencanaStatus(s) {
	return h('span', { class: 'lencana status-' + s }, STATUS[s] || s);
}
