// opd.js - the OPD page (#/opd, #/opd/<kode>): without a code the list of OPDs with their DPA and
// realisation (an OPD-scoped token goes straight to its own); with one, its sub kegiatan from the
// ledger's pockets, the quarterly capaian (keuangan and kinerja) and the trace of one sub kegiatan
// from the RKPD to realisation. The only edits offered: "Ubah data OPD" (admin) and a link to the
// planner's RKA screen, each only when the token may do it for this OPD.
import { get, panggil, semua } from '../api.js';
import { angka, bagian, fromUnits, persen, rupiah, rupiahSen, sen, TRIWULAN } from '../format.js';
import { h, judul, kolom, kotakGalat, STATUS, sibuk, sukses, tabel } from '../ui.js';
import { namaSubKegiatan } from '../ref.js';

const enc = encodeURIComponent;

export async function tampilkan(el, ctx, args) {
	let kode = args[0];
	if (!kode && ctx.sesi.opd_kode) {
		kode = ctx.sesi.opd_kode;
		history.replaceState(null, '', '#/opd/' + enc(kode));
	}
	if (!kode) return daftar(el, ctx);
	return rinci(el, ctx, kode);
}

// --- The list ------------------------------------------------------------------------------

async function daftar(el, ctx) {
	const tahun = ctx.tahun;
	el.append(judul('Organisasi Perangkat Daerah', `${ctx.sesi.pemda.nama}, TA ${tahun}: pagu DPA (alokasi kantong belanja) dan realisasinya per OPD.`));
	const slot = h('div', { class: 'slot' });
	el.append(slot);
	let angka = new Map();
	try {
		const pr = await get(ctx.p(`laporan/peringkat?tahun=${tahun}`));
		angka = new Map((pr.items || []).map((r) => [r.opd_kode, r]));
	} catch (e) {
		slot.append(kotakGalat(e));
	}
	let totA = 0n, totR = 0n;
	const rows = ctx.opd.map((o) => {
		const a = angka.get(o.kode);
		if (a) { totA += sen(a.anggaran); totR += sen(a.realisasi); }
		return { ...o, anggaran: a ? a.anggaran : null, realisasi: a ? a.realisasi : null };
	});
	const t = tabel([
		{ judul: 'Kode', isi: (o) => h('code', null, o.kode) },
		{ judul: 'Nama OPD', isi: (o) => h('a', { href: '#/opd/' + enc(o.kode) }, o.nama) },
		{ judul: 'Pagu DPA', angka: true, isi: (o) => rupiah(o.anggaran) },
		{ judul: 'Realisasi', angka: true, isi: (o) => rupiah(o.realisasi) },
		{ judul: '% realisasi', angka: true, isi: (o) => pct(o.realisasi, o.anggaran) },
	], rows, { class: 'tabel-opd', caption: `Daftar OPD (${rows.length})`, kosong: 'Belum ada OPD.',
		baris: (o) => ({ dataset: { kode: o.kode } }) });
	if (rows.length) {
		t.querySelector('table').append(h('tfoot', null, h('tr', { class: 'total' },
			h('th', { scope: 'row', colspan: 2 }, 'Jumlah'), h('td', { class: 'num' }, rupiahSen(totA)),
			h('td', { class: 'num' }, rupiahSen(totR)), h('td', { class: 'num' }, pct(fromUnits(totR, 2), fromUnits(totA, 2))))));
	}
	el.append(t);
}

// A quantity without its trailing zeros: "40.0000" -> "40", "12.5000" -> "12,5".
function bilangan(t) {
	if (t === null || t === undefined) return '–';
	const x = String(t).includes('.') ? String(t).replace(/0+$/, '').replace(/\.$/, '') : String(t);
	return angka(x);
}

function pct(a, b) {
	if (a === null || a === undefined || b === null || b === undefined) return '–';
	const p = bagian(a, b);
	return p === null ? '–' : persen(p);
}

// --- One OPD -------------------------------------------------------------------------------

async function rinci(el, ctx, kode) {
	const tahun = ctx.tahun;
	let opd, etag;
	try {
		({ data: opd, etag } = await panggil('GET', ctx.p('opd/' + enc(kode))));
	} catch (e) {
		el.append(...[judul(`OPD ${kode}`), kotakGalat(e), kembali(ctx)].filter(Boolean));
		return;
	}
	const kepala = h('div', { class: 'opd-kepala' });
	const gambarKepala = () => kepala.replaceChildren(judul(opd.nama,
		`${opd.kode}${opd.singkatan ? ' · ' + opd.singkatan : ''} · Bidang urusan ${(opd.bidang || []).join(', ') || '–'} · TA ${tahun}`));
	gambarKepala();
	el.append(...[kembali(ctx), kepala].filter(Boolean));

	// Actions for this OPD: only what the token may do, each marked with the OPD it acts on.
	const aksi = h('div', { class: 'aksi opd-aksi' });
	const formSlot = h('div', { class: 'opd-ubah' });
	if (ctx.bisaDokumen('rka', 'edit', kode)) {
		aksi.append(h('a', { href: '#/perencanaan/rka/' + enc(kode), class: 'tombol', dataset: { opd: kode } }, 'Susun RKA'));
	}
	if (ctx.bisa('PATCH', 'opd/{kode}') && ctx.milikOpd(kode)) {
		const tombol = h('button', { type: 'button', dataset: { opd: kode }, 'aria-expanded': 'false', 'aria-controls': 'opd-ubah-form' },
			'Ubah data OPD');
		tombol.addEventListener('click', () => {
			if (formSlot.firstChild) {
				formSlot.replaceChildren();
				tombol.setAttribute('aria-expanded', 'false');
				return;
			}
			tombol.setAttribute('aria-expanded', 'true');
			formSlot.replaceChildren(formUbah(ctx, kode, opd, etag, (baru, etagBaru) => {
				opd = baru;
				etag = etagBaru;
				const i = ctx.opd.findIndex((x) => x.kode === kode);
				if (i >= 0) ctx.opd[i] = { ...ctx.opd[i], nama: baru.nama, singkatan: baru.singkatan, bidang: baru.bidang, versi: baru.versi };
				gambarKepala();
			}, () => {
				formSlot.replaceChildren();
				tombol.setAttribute('aria-expanded', 'false');
				tombol.focus();
			}));
			formSlot.querySelector('input').focus();
		});
		aksi.append(tombol);
	}
	if (aksi.childNodes.length) el.append(aksi, formSlot);

	const sAnggaran = h('section', { id: 'opd-anggaran', 'aria-labelledby': 'opd-anggaran-judul' },
		h('h2', { id: 'opd-anggaran-judul' }, 'Anggaran per sub kegiatan (DPA)'));
	const sCapaian = h('section', { id: 'opd-capaian', 'aria-labelledby': 'opd-capaian-judul' },
		h('h2', { id: 'opd-capaian-judul' }, 'Capaian per triwulan'));
	const sJejak = h('section', { id: 'jejak', 'aria-labelledby': 'jejak-judul' },
		h('h2', { id: 'jejak-judul', tabindex: '-1' }, 'Jejak sub kegiatan'),
		h('p', { class: 'label' }, 'Pilih “Jejak” pada tabel anggaran untuk melihat satu sub kegiatan dari RKPD sampai realisasi.'));

	const [rKantong, ...rEval] = await Promise.allSettled([
		semua(ctx.p(`ledger/kantong?tahun=${tahun}&opd=${enc(kode)}`)),
		...[1, 2, 3, 4].map((tw) => get(ctx.p(`monev/evaluasi?tahun=${tahun}&triwulan=${tw}&opd=${enc(kode)}`))),
	]);

	// A token that may not read this OPD: one plain error, nothing else to show.
	const ditolak = (r) => r.status === 'rejected' && r.reason && (r.reason.status === 403 || r.reason.status === 404);
	if (ditolak(rKantong) && rEval.every(ditolak)) {
		el.append(h('section', { id: 'opd-terlarang' }, kotakGalat(rKantong.reason),
			h('p', null, 'Anda hanya dapat melihat anggaran dan capaian OPD Anda sendiri.',
				ctx.sesi.opd_kode ? [' ', h('a', { href: '#/opd/' + enc(ctx.sesi.opd_kode) }, `Buka ${ctx.namaOpd(ctx.sesi.opd_kode)}`)] : null)));
		return;
	}

	const nama = new Map();
	const kantong = rKantong.status === 'fulfilled' ? rKantong.value : [];
	// pendapatan and pembiayaan pockets kept by OPD and akun have no sub kegiatan
	const subs = new Set(kantong.filter((k) => k.sub_kegiatan).map((k) => k.sub_kegiatan));
	rEval.forEach((r) => { if (r.status === 'fulfilled') for (const x of [...r.value.keuangan, ...r.value.kinerja]) subs.add(x.sub_kegiatan); });
	const namaDari = await namaSubKegiatan(tahun, ctx.sesi.pemda.jenis, subs);
	for (const sub of subs) if (namaDari(sub)) nama.set(sub, namaDari(sub));

	const grup = kelompok(kantong);
	if (rKantong.status === 'rejected') sAnggaran.append(kotakGalat(rKantong.reason));
	else sAnggaran.append(...tabelAnggaran(grup, kantong, nama, (sub, tombol) => jejak(ctx, kode, sub, grup, nama, sJejak, tombol, el)));
	sCapaian.append(...tabelCapaian(rEval, nama));
	el.append(sAnggaran, sJejak, sCapaian);
}

function kembali(ctx) {
	return ctx.sesi.opd_kode ? null : h('p', { class: 'kembali' }, h('a', { href: '#/opd' }, '← Semua OPD'));
}

// Spending pockets summed per sub kegiatan (BigInt sen): belanja; pengeluaran pembiayaan kept by akun has none.
function kelompok(kantong) {
	const m = new Map();
	for (const k of kantong) {
		if (k.arah !== 'keluar' || !k.sub_kegiatan) continue;
		let g = m.get(k.sub_kegiatan);
		if (!g) m.set(k.sub_kegiatan, g = { sub: k.sub_kegiatan, alokasi: 0n, pending: 0n, realisasi: 0n, tersedia: 0n, akun: 0 });
		g.alokasi += sen(k.alokasi);
		g.pending += sen(k.pending);
		g.realisasi += sen(k.realisasi);
		g.tersedia += k.tersedia === null || k.tersedia === undefined ? sen(k.alokasi) - sen(k.pending) - sen(k.realisasi) : sen(k.tersedia);
		g.akun++;
	}
	return m;
}

const idSub = (sub) => 'sub-' + sub.replace(/[^0-9A-Za-z]/g, '-');

function namaSel(sub, nama) {
	return [h('code', null, sub), nama.get(sub) ? h('div', { class: 'nama-sub' }, nama.get(sub)) : null];
}

function tabelAnggaran(grup, kantong, nama, bukaJejak) {
	const rows = [...grup.values()].sort((a, b) => (a.sub < b.sub ? -1 : 1));
	const tot = rows.reduce((t, g) => ({ alokasi: t.alokasi + g.alokasi, pending: t.pending + g.pending,
		realisasi: t.realisasi + g.realisasi, tersedia: t.tersedia + g.tersedia }), { alokasi: 0n, pending: 0n, realisasi: 0n, tersedia: 0n });
	const p = (a, b) => pct(fromUnits(a, 2), fromUnits(b, 2));
	const t = tabel([
		{ judul: 'Sub kegiatan', isi: (g) => h('div', { id: idSub(g.sub) }, namaSel(g.sub, nama)) },
		{ judul: 'Pagu DPA', angka: true, isi: (g) => rupiahSen(g.alokasi) },
		{ judul: 'Dalam proses (SPM)', angka: true, isi: (g) => rupiahSen(g.pending) },
		{ judul: 'Realisasi', angka: true, isi: (g) => rupiahSen(g.realisasi) },
		{ judul: 'Tersedia', angka: true, isi: (g) => rupiahSen(g.tersedia) },
		{ judul: '% realisasi', angka: true, isi: (g) => p(g.realisasi, g.alokasi) },
		{ judul: 'Jejak', isi: (g) => {
			const b = h('button', { type: 'button', class: 'tombol-jejak', 'aria-describedby': idSub(g.sub), 'aria-controls': 'jejak',
				dataset: { sub: g.sub } }, 'Jejak');
			b.addEventListener('click', () => bukaJejak(g.sub, b));
			return b;
		} },
	], rows, { class: 'tabel-anggaran-opd', kosong: 'Belum ada kantong belanja: DPA OPD ini untuk tahun ini belum dikunci.',
		baris: (g) => ({ dataset: { sub: g.sub } }) });
	if (rows.length) {
		t.querySelector('table').append(h('tfoot', null, h('tr', { class: 'total' },
			h('th', { scope: 'row' }, `Jumlah (${rows.length} sub kegiatan)`), h('td', { class: 'num', id: 'opd-total-dpa' }, rupiahSen(tot.alokasi)),
			h('td', { class: 'num' }, rupiahSen(tot.pending)), h('td', { class: 'num' }, rupiahSen(tot.realisasi)),
			h('td', { class: 'num' }, rupiahSen(tot.tersedia)), h('td', { class: 'num' }, p(tot.realisasi, tot.alokasi)), h('td'))));
	}
	const out = [t];
	// Receiving pockets (pendapatan, penerimaan pembiayaan): a target that receipts may exceed.
	const masuk = kantong.filter((k) => k.arah === 'masuk');
	if (masuk.length) {
		const target = masuk.reduce((s, k) => s + sen(k.alokasi), 0n), terima = masuk.reduce((s, k) => s + sen(k.realisasi), 0n);
		out.push(h('p', { class: 'pendapatan-opd' }, `Pendapatan OPD: target ${rupiahSen(target)}, diterima ${rupiahSen(terima)} (${p(terima, target)}).`));
	}
	return out;
}

// Per sub kegiatan and quarter: keuangan (cumulative capaian and predikat, and the quarter's against
// its anggaran kas) and, per RKPD indicator, kinerja capaian, predikat and fisik.
function tabelCapaian(rEval, nama) {
	const galat = rEval.find((r) => r.status === 'rejected');
	const ev = rEval.map((r) => (r.status === 'fulfilled' ? r.value : { keuangan: [], kinerja: [], ditutup: false }));
	const subs = new Map();
	const ambil = (sub) => {
		if (!subs.has(sub)) subs.set(sub, { keuangan: [null, null, null, null], indikator: new Map() });
		return subs.get(sub);
	};
	ev.forEach((e, q) => {
		for (const k of e.keuangan || []) ambil(k.sub_kegiatan).keuangan[q] = k;
		for (const k of e.kinerja || []) {
			const s = ambil(k.sub_kegiatan), key = `${k.rkpd_id}/${k.baris}`;
			if (!s.indikator.has(key)) s.indikator.set(key, { info: k, tw: [null, null, null, null] });
			s.indikator.get(key).tw[q] = k;
		}
	});
	const out = [];
	if (galat) out.push(kotakGalat(galat.reason));
	out.push(h('p', { class: 'label' }, 'Setiap sel: capaian kumulatif sampai triwulan itu dan predikatnya; di bawahnya triwulan itu saja. ',
		'Keuangan dari realisasi SP2D terhadap pagu DPA (triwulan: terhadap rencana kasnya); kinerja dari indikator RKPD, dengan progres fisik yang dilaporkan.'));
	if (!ev.some((e) => (e.kinerja || []).length)) {
		out.push(h('p', { class: 'kosong', id: 'tanpa-kinerja' }, 'Belum ada indikator kinerja: RKPD tahun ini untuk OPD ini belum dikunci.'));
	}
	const kepala = h('tr', null, h('th', { scope: 'col' }, 'Sub kegiatan'), h('th', { scope: 'col' }, 'Aspek'),
		TRIWULAN.map((r, q) => h('th', { scope: 'col', class: 'sel-tw' }, `TW ${r}`, ev[q].ditutup ? h('div', { class: 'label' }, 'ditutup') : null)));
	const body = [];
	for (const sub of [...subs.keys()].sort()) {
		const s = subs.get(sub);
		const ind = [...s.indikator.values()];
		const n = 1 + ind.length;
		body.push(h('tr', { class: 'awal-sub', dataset: { sub } },
			h('th', { scope: 'rowgroup', rowspan: n }, namaSel(sub, nama)),
			h('th', { scope: 'row' }, 'Keuangan'),
			s.keuangan.map((k) => h('td', { class: 'sel-tw' }, k ? [
				h('div', { class: 'capaian' }, persen(k.capaian)),
				h('div', { class: 'predikat' }, k.predikat),
				h('div', { class: 'label' }, `TW ${k.capaian_triwulan === null ? '–' : persen(k.capaian_triwulan)} · ${k.predikat_triwulan}`),
			] : '–'))));
		for (const i of ind) {
			body.push(h('tr', { dataset: { sub } },
				h('th', { scope: 'row' }, 'Kinerja: ', i.info.indikator,
					h('div', { class: 'label' }, `Target ${bilangan(i.info.target)} ${i.info.satuan ?? ''}`)),
				i.tw.map((k) => h('td', { class: 'sel-tw' }, k ? [
					h('div', { class: 'capaian' }, k.capaian_kumulatif === null ? '–' : persen(k.capaian_kumulatif)),
					h('div', { class: 'predikat' }, k.predikat_kumulatif),
					h('div', { class: 'label' }, k.dilaporkan
						? `TW ${bilangan(k.realisasi)} ${i.info.satuan ?? ''} · ${persen(k.capaian)}`
						: 'TW belum dilaporkan'),
					h('div', { class: 'label' }, `Fisik ${k.fisik === null ? '–' : persen(k.fisik)}`),
				] : '–'))));
		}
	}
	out.push(h('div', { class: 'tabel-wadah', tabindex: '0', role: 'region', 'aria-label': 'Capaian per triwulan' }, h('table', { class: 'tabel tabel-capaian' },
		h('thead', null, kepala),
		h('tbody', null, body.length ? body : h('tr', null, h('td', { colspan: 6, class: 'kosong' }, 'Belum ada data capaian.'))))));
	return out;
}

// --- The trace of one sub kegiatan ---------------------------------------------------------

const TAHAP = [
	['rkpd', 'RKPD', 'pagu indikatif'],
	['kua_ppas', 'KUA-PPAS', 'plafon'],
	['rka', 'RKA', 'anggaran yang disusun'],
	['apbd', 'APBD', 'anggaran yang ditetapkan'],
	['dpa', 'DPA', 'anggaran yang dilaksanakan'],
];

const terbaru = (vs) => (vs && vs.length ? vs.reduce((a, b) => (b.versi > a.versi || (b.versi === a.versi && b.dokumen_id > a.dokumen_id) ? b : a)) : null);

async function jejak(ctx, kode, sub, grup, nama, sec, tombol, el) {
	el.querySelectorAll('.tabel-anggaran-opd tr.pilih').forEach((x) => x.classList.remove('pilih'));
	const tr = tombol.closest('tr');
	if (tr) tr.classList.add('pilih');
	const isi = h('div', { class: 'jejak-isi' });
	const kepala = h('h2', { id: 'jejak-judul', tabindex: '-1' }, `Jejak sub kegiatan ${sub}`);
	sec.replaceChildren(kepala, nama.get(sub) ? h('p', { class: 'nama-sub' }, nama.get(sub)) : null, isi);
	await sibuk(tombol, isi, async () => {
		const j = await get(ctx.p(`jejak?tahun=${ctx.tahun}&opd=${enc(kode)}&sub_kegiatan=${enc(sub)}`));
		isi.replaceChildren(daftarTahap(j, grup.get(sub)));
	});
	kepala.focus();
}

function versiBaris(v, jenis) {
	const st = STATUS[v.status] || v.status;
	const baris = jenis === 'rkpd' ? `${(v.indikator || []).length} indikator` : jenis === 'kua_ppas' ? null : `${v.baris} baris`;
	return h('li', { dataset: { dokumen: v.dokumen_id } }, `Versi ${v.versi} (${st}): `, h('strong', null, rupiah(v.jumlah)),
		baris ? ` · ${baris}` : '');
}

function daftarTahap(j, g) {
	const ol = h('ol', { class: 'jejak-tahap' });
	const plafon = terbaru(j.kua_ppas);
	for (const [jenis, label, arti] of TAHAP) {
		const vs = (j[jenis] || []).slice().sort((a, b) => a.versi - b.versi);
		const akhir = terbaru(vs);
		const catatan = [];
		if (jenis === 'rka' && akhir && plafon && akhir.jumlah !== null && plafon.jumlah !== null) {
			const d = sen(plafon.jumlah) - sen(akhir.jumlah);
			catatan.push(d >= 0n ? `Dalam plafon: sisa ${rupiahSen(d)}.` : `Melebihi plafon sebesar ${rupiahSen(-d)}.`);
		}
		const ind = jenis === 'rkpd' ? vs.flatMap((v) => v.indikator || []) : [];
		ol.append(h('li', { class: 'tahap' + (akhir ? '' : ' kosong'), dataset: { tahap: jenis } },
			h('h3', null, `${label} `, h('span', { class: 'label' }, `(${arti})`)),
			akhir
				? h('p', { class: 'jumlah-tahap angka-besar' }, rupiah(akhir.jumlah))
				: h('p', { class: 'label' }, `Tidak ada di ${label} tahun ini.`),
			vs.length ? h('ul', { class: 'jejak-versi' }, vs.map((v) => versiBaris(v, jenis))) : null,
			ind.length ? h('ul', { class: 'jejak-indikator' }, ind.map((x) =>
				h('li', null, `${x.indikator}: target ${x.target} ${x.satuan}`))) : null,
			catatan.length ? h('p', null, catatan) : null));
	}
	const dpa = terbaru(j.dpa);
	ol.append(h('li', { class: 'tahap' + (g ? '' : ' kosong'), dataset: { tahap: 'realisasi' } },
		h('h3', null, 'Realisasi ', h('span', { class: 'label' }, '(SP2D pada kantong belanja)')),
		g ? [
			h('p', { class: 'jumlah-tahap angka-besar' }, rupiahSen(g.realisasi)),
			h('ul', { class: 'jejak-versi' },
				h('li', null, `Pagu kantong: ${rupiahSen(g.alokasi)}`, dpa && dpa.jumlah !== null && sen(dpa.jumlah) !== g.alokasi
					? ` (DPA terakhir ${rupiah(dpa.jumlah)})` : ''),
				h('li', null, `Dalam proses (SPM): ${rupiahSen(g.pending)}`),
				h('li', null, `Tersedia: ${rupiahSen(g.tersedia)}`),
				h('li', null, `Realisasi: ${pct(fromUnits(g.realisasi, 2), fromUnits(g.alokasi, 2))} dari pagu`)),
		] : h('p', { class: 'label' }, 'Belum ada kantong belanja untuk sub kegiatan ini.')));
	return ol;
}

// --- Ubah data OPD (PATCH with If-Match) ---------------------------------------------------

function formUbah(ctx, kode, opd, etag, selesai, batal) {
	const nama = h('input', { name: 'nama', required: true, maxlength: 200, value: opd.nama, autocomplete: 'off' });
	const singkatan = h('input', { name: 'singkatan', maxlength: 40, value: opd.singkatan || '', autocomplete: 'off' });
	const bidang = h('input', { name: 'bidang', required: true, value: (opd.bidang || []).join(', '), autocomplete: 'off',
		spellcheck: 'false' });
	const slot = h('div', { class: 'slot' });
	const simpan = h('button', { type: 'submit', class: 'utama', dataset: { opd: kode } }, 'Simpan perubahan');
	const form = h('form', { id: 'opd-ubah-form', class: 'form', 'aria-label': 'Ubah data OPD', onsubmit: (e) => {
		e.preventDefault();
		sibuk(simpan, slot, async () => {
			const body = {
				nama: nama.value.trim(),
				singkatan: singkatan.value.trim() || null,
				bidang: bidang.value.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean),
			};
			const r = await panggil('PATCH', ctx.p('opd/' + enc(kode)), { body, ifMatch: etag });
			etag = r.etag;
			selesai(r.data, r.etag);
			sukses(slot, `Data OPD disimpan (versi ${r.data.versi}).`);
		}, form);
	} },
	h('div', { class: 'kolom-lebar' }, kolom('Nama OPD', nama)),
	kolom('Singkatan', singkatan, 'Boleh kosong.'),
	kolom('Bidang urusan', bidang, 'Kode bidang dipisah koma, mis. 1.02, 2.22.'),
	h('div', { class: 'aksi' }, simpan, h('button', { type: 'button', onclick: batal }, 'Tutup')),
	slot);
	return form;
}
