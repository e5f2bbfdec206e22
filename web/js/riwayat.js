// riwayat.js - a document version's history (GET …/dokumen/{id}/riwayat): who did what, when and
// why, with the rules evaluated at each step; a draft sent back shows its reason above everything.
import { get } from './api.js';
import { tanggal } from './format.js';
import { bagianLayar, h, kotakGalat, STATUS, tabel, uid } from './ui.js';

const AKSI = { create: 'Dibuat', derive: 'Diturunkan', submit: 'Diajukan', verify: 'Diverifikasi', lock: 'Dikunci',
	reject: 'Dikembalikan', edit: 'Disusun ulang' };
const TRANSISI = ['submit', 'verify', 'lock', 'reject'];

// The history, or the error that kept it away (the page shows that instead).
export const muatRiwayat = (ctx, id) => get(ctx.p(`dokumen/${id}/riwayat`)).catch((e) => e);

const siapa = (e) => (e.siapa ? e.siapa.nama || `token #${e.siapa.token_id}` : '–');

// A draft whose last transition sent it back: the reason, who and when, where no one misses it.
export function kotakDikembalikan(r, dok) {
	if (!r || r instanceof Error || dok.status !== 'draft') return null;
	const t = [...(r.items || [])].reverse().find((e) => TRANSISI.includes(e.aksi));
	if (!t || t.aksi !== 'reject') return null;
	return h('div', { class: 'galat dikembalikan', role: 'alert', id: 'alasan-dikembalikan' },
		h('strong', null, 'Dokumen ini dikembalikan untuk diperbaiki.'),
		h('p', null, 'Alasan: ', h('q', { class: 'alasan' }, t.alasan || '–')),
		h('p', null, `Dikembalikan oleh ${siapa(t)} pada ${tanggal(t.kapan)}. Perbaiki isinya, lalu ajukan lagi.`));
}

// "1 pelanggaran, 2 peringatan, 0 temuan" over the evaluations recorded with a transition.
function ringkasAturan(list) {
	if (!list || !list.length) return '–';
	const n = { error: 0, warning: 0, finding: 0 };
	for (const ev of list) {
		for (const x of ev.hasil || []) {
			if (x.applies === false || x.passed) continue;
			if (x.severity in n) n[x.severity]++;
		}
	}
	return `${n.error} pelanggaran, ${n.warning} peringatan, ${n.finding} temuan`;
}

export function bagianRiwayatDokumen(r) {
	const id = uid('riwayat-dokumen');
	if (r instanceof Error) return bagianLayar(id, 'Riwayat dokumen', kotakGalat(r));
	const ditolak = r.percobaan_ditolak || [];
	return bagianLayar(id, 'Riwayat dokumen',
		tabel([
			{ judul: 'No', isi: (e) => String(e.urutan), angka: true },
			{ judul: 'Tindakan', isi: (e) => AKSI[e.aksi] || e.aksi },
			{ judul: 'Status', isi: (e) => `${e.dari ? (STATUS[e.dari] || e.dari) + ' → ' : ''}${STATUS[e.ke] || e.ke}` },
			{ judul: 'Oleh', isi: siapa },
			{ judul: 'Waktu', isi: (e) => tanggal(e.kapan) },
			{ judul: 'Alasan', isi: (e) => e.alasan || '–' },
			{ judul: 'Hasil aturan', isi: (e) => ringkasAturan(e.aturan) },
		], r.items || [], { kosong: 'Belum ada riwayat.', label: 'Riwayat dokumen', class: 'tabel-riwayat' }),
		ditolak.length ? h('p', { class: 'label' }, `${ditolak.length} kali pengajuan atau penguncian ditolak oleh aturan.`) : null);
}
