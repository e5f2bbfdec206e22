// tugas.js - "Tugas saya" (#/tugas): what waits on the signed-in token's action (GET …/tugas),
// grouped by kind, each item a link to the screen where the work is done.
import { get } from '../api.js';
import { tanggal } from '../format.js';
import { bagianLayar, h, judul } from '../ui.js';

const JENIS = {
	rka_verifikasi: 'RKA menunggu verifikasi',
	rka_ditolak: 'RKA dikembalikan untuk diperbaiki',
	anggaran_kas: 'DPA belum punya anggaran kas',
	spm_menunggu_sp2d: 'SPM menunggu SP2D',
	triwulan_lapor: 'Realisasi triwulan yang belum dilaporkan',
	triwulan_tutup: 'Triwulan yang dapat ditutup',
	temuan_tindak_lanjut: 'Temuan menunggu tindak lanjut',
	tindak_lanjut_periksa: 'Tindak lanjut menunggu pemeriksaan',
};

export async function tampilkan(el, ctx) {
	const r = await get(ctx.p(`tugas?tahun=${ctx.tahun}`));
	el.append(judul(`Tugas saya TA ${ctx.tahun}`, r.jumlah
		? `${r.jumlah} pekerjaan menunggu tindakan Anda. Buka salah satu untuk mengerjakannya.`
		: 'Tidak ada pekerjaan yang menunggu tindakan Anda.'));
	for (const [jenis, n] of Object.entries(r.hitung)) {
		if (!n) continue;
		const items = r.items.filter((i) => i.jenis === jenis);
		el.append(bagianLayar(`tugas-${jenis}`, `${JENIS[jenis] || jenis} (${n})`,
			h('ul', { class: 'daftar-tugas', dataset: { jenis } }, items.map((i) => h('li', null,
				h('a', { href: i.tautan }, i.judul),
				h('small', { class: 'label' }, `Sejak ${tanggal(i.sejak)}`)))),
			n > items.length ? h('p', { class: 'label' }, `Ditampilkan ${items.length} dari ${n}.`) : null));
	}
}
