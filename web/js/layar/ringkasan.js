// ringkasan.js - the year overview of the pemda (#/ringkasan): the budget and its realisation
// (LRA summary and the budget identity), the mandatory-spending rules of the year's latest APBD
// (a dry run, changing nothing), the findings the rules recorded on the year's documents,
// cumulative realisation per month as a chart, and the OPD ranking.
import { get, post } from '../api.js';
import { angka, bagian, bulanPendek, divRound, fromUnits, namaBulan, persen, rupiah, rupiahSen, sen } from '../format.js';
import { bagianLayar, daftarTemuan, h, hasilAturan, judul, kotakGalat, namaPeristiwa, STATUS, statusHasil, tabel, teksTahap } from '../ui.js';


export async function tampilkan(el, ctx, args) {
	const tahun = ctx.tahun;
	const q = `tahun=${tahun}`;
	const kepala = judul(`Ringkasan Tahun Anggaran ${tahun}`,
		`${ctx.sesi.pemda.nama}: anggaran dan realisasi, belanja wajib, temuan aturan, realisasi per bulan dan peringkat OPD.`);
	const sub = kepala.querySelector('p');
	el.append(kepala);

	const sAnggaran = bagianLayar('ringkasan-anggaran', 'Anggaran dan realisasi');
	const sWajib = bagianLayar('ringkasan-wajib', 'Belanja wajib');
	const sTemuan = bagianLayar('ringkasan-temuan', 'Temuan aturan tahun ini');
	const sBulan = bagianLayar('ringkasan-bulanan', 'Realisasi belanja per bulan');
	const sPeringkat = bagianLayar('ringkasan-peringkat', 'Peringkat OPD');
	el.append(sAnggaran, sWajib, sTemuan, sBulan, sPeringkat);

	await Promise.all([
		isi(sAnggaran, async () => {
			const lra = await get(ctx.p(`laporan/lra?${q}`));
			if (lra.opd_kode) {
				sub.textContent = `Anggaran, realisasi dan peringkat untuk ${ctx.namaOpd(lra.opd_kode)} saja (token Anda terbatas pada OPD tersebut); `
					+ 'belanja wajib dihitung dari APBD seluruh pemda.';
			}
			return anggaran(lra);
		}),
		isi(sWajib, () => belanjaWajib(ctx, tahun)),
		isi(sTemuan, () => temuanTahun(ctx, tahun)),
		// belanja (akun 5) and pendapatan (akun 4) apart: pengeluaran and penerimaan pembiayaan are neither
		isi(sBulan, async () => {
			const [bel, pend] = await Promise.all([get(ctx.p(`ledger/realisasi?${q}&akun=5`)), get(ctx.p(`ledger/realisasi?${q}&akun=4`))]);
			return grafikBulanan(bel, pend);
		}),
		isi(sPeringkat, async () => peringkat(ctx, await get(ctx.p(`laporan/peringkat?${q}`)))),
	]);
}

// A section with a heading; its content comes later (or an error in its place).

async function isi(sec, fn) {
	try {
		const nodes = await fn();
		sec.append(...[nodes].flat().filter(Boolean));
	} catch (e) {
		sec.append(kotakGalat(e));
	}
}

// --- Anggaran dan realisasi ---------------------------------------------------------------

function kartu(id, teks, baris, catatan) {
	return h('div', { class: 'kartu kartu-angka', id, 'aria-labelledby': id + '-judul', role: 'group' },
		h('h3', { id: id + '-judul' }, teks),
		h('dl', { class: 'angka-daftar' }, baris.map(([label, nilai, cls]) => [
			h('dt', null, label), h('dd', { class: cls || null }, nilai)])),
		catatan ? h('p', { class: 'label' }, catatan) : null);
}

function anggaran(lra) {
	const r = lra.ringkasan || {};
	const akun = (kode) => (lra.baris || []).find((b) => b.kode === kode) || { anggaran: '0.00', realisasi: '0.00' };
	const pend = r.pendapatan || {}, bel = r.belanja || {}, neto = r.pembiayaan_neto || {};
	const terima = akun('6.1'), keluar = akun('6.2');
	const silpa = (k) => sen(pend[k]) - sen(bel[k]) + sen(neto[k]);
	const silpaA = silpa('anggaran'), silpaR = silpa('realisasi');
	const seimbang = silpaA === 0n;
	const kosong = sen(pend.anggaran) === 0n && sen(bel.anggaran) === 0n && sen(terima.anggaran) === 0n && sen(keluar.anggaran) === 0n;
	const pct = (x) => (x.persen === null || x.persen === undefined ? '–' : persen(x.persen));

	const kartuKartu = h('div', { class: 'kisi kisi-angka' },
		kartu('kartu-pendapatan', 'Pendapatan', [
			['Anggaran', h('span', { class: 'angka-besar' }, rupiah(pend.anggaran))],
			['Realisasi', rupiah(pend.realisasi)],
			['Persentase', pct(pend)]]),
		kartu('kartu-belanja', 'Belanja', [
			['Anggaran', h('span', { class: 'angka-besar', id: 'belanja-anggaran' }, rupiah(bel.anggaran))],
			['Realisasi', h('span', { id: 'belanja-realisasi' }, rupiah(bel.realisasi))],
			['Persentase', pct(bel)]]),
		kartu('kartu-pembiayaan', 'Pembiayaan', [
			['Penerimaan (anggaran)', rupiah(terima.anggaran)],
			['Pengeluaran (anggaran)', rupiah(keluar.anggaran)],
			['Neto (anggaran)', h('span', { class: 'angka-besar' }, rupiah(neto.anggaran))],
			['Neto (realisasi)', rupiah(neto.realisasi)]]));

	// pendapatan − belanja + pembiayaan neto = SiLPA; a budget balances when it is zero. One OPD's
	// figures do not balance by themselves: the identity is the pemda's.
	if (lra.opd_kode) {
		return [kartuKartu, h('p', { class: 'label', id: 'identitas-apbd' },
			'Identitas anggaran (pendapatan − belanja + pembiayaan neto = SiLPA) berlaku untuk APBD seluruh pemda, tidak per OPD.')];
	}
	if (kosong) {
		return [kartuKartu, h('p', { class: 'kosong', id: 'identitas-apbd' },
			`Belum ada anggaran tahun ${lra.tahun}: identitas anggaran (pendapatan − belanja + pembiayaan neto = SiLPA) belum dapat diperiksa.`)];
	}
	const identitas = h('div', { class: 'kartu identitas ' + (seimbang ? 'seimbang' : 'tidak-seimbang'), id: 'identitas-apbd',
		role: 'group', 'aria-labelledby': 'identitas-judul' },
	h('h3', { id: 'identitas-judul' }, 'Identitas anggaran'),
	h('p', { class: 'rumus' }, 'Pendapatan − Belanja + Pembiayaan neto = SiLPA'),
	h('div', { class: 'tabel-wadah', tabindex: '0', role: 'region', 'aria-label': 'Identitas anggaran' }, h('table', { class: 'tabel identitas-tabel' },
		h('thead', null, h('tr', null, h('th', { scope: 'col' }, ''), h('th', { scope: 'col', class: 'num' }, 'Anggaran'),
			h('th', { scope: 'col', class: 'num' }, 'Realisasi'))),
		h('tbody', null,
			[['Pendapatan', pend.anggaran, pend.realisasi], ['Belanja', bel.anggaran, bel.realisasi],
				['Surplus/(defisit)', r.surplus_defisit?.anggaran, r.surplus_defisit?.realisasi],
				['Pembiayaan neto', neto.anggaran, neto.realisasi]].map(([l, a, b]) =>
				h('tr', null, h('th', { scope: 'row' }, l), h('td', { class: 'num' }, rupiah(a)), h('td', { class: 'num' }, rupiah(b)))),
			h('tr', { class: 'total' }, h('th', { scope: 'row' }, 'SiLPA'),
				h('td', { class: 'num', id: 'silpa-anggaran' }, rupiahSen(silpaA)), h('td', { class: 'num' }, rupiahSen(silpaR)))))),
	h('p', { class: 'status-identitas', id: 'status-identitas' },
		seimbang
			? h('strong', null, '✓ Anggaran seimbang: SiLPA Rp0,00.')
			: [h('strong', null, '✗ Anggaran tidak seimbang: '),
				silpaA < 0n
					? `defisit ${rupiahSen(-silpaA)} belum ditutup pembiayaan neto.`
					: `surplus ${rupiahSen(silpaA)} belum dimanfaatkan (SiLPA anggaran harus Rp0,00).`]));
	return [kartuKartu, identitas];
}

// --- Belanja wajib ------------------------------------------------------------------------

const WAJIB = /pegawai|pendidikan|infrastruktur|kesehatan/;

// The share a rule measured: from its message ("= 29,87%"), else from its first two values.
function porsiAturan(r) {
	const m = /=\s*(-?[\d.]*\d,\d+)%/.exec(r.message || '');
	if (m) return m[1].replace(/\./g, '').replace(',', '.');
	const v = Object.values(r.values || {});
	return v.length >= 2 ? bagian(v[0], v[1]) : null;
}

// The limit in a rule's title: "paling tinggi 30%" -> {arah: '≤', nilai: '30'}.
function batasAturan(r) {
	const m = /(\d+(?:[.,]\d+)?)\s*%/.exec(r.title || '');
	if (!m) return null;
	const maks = /tinggi|maks|melebihi|paling banyak/i.test(r.title);
	return { arah: maks ? '≤' : '≥', nilai: m[1].replace(',', '.') };
}


// A bar of the share with a mark at the limit (decoration: the figures are in the text). SVG
// attributes, not inline styles: the console's Content-Security-Policy allows no style="".
function batangPorsi(porsi, batas) {
	if (porsi === null || !batas) return null;
	const p = Math.max(0, Math.min(100, Number(porsi)));
	const b = Math.max(0, Math.min(100, Number(batas.nilai)));
	return s('svg', { class: 'porsi-batang', viewBox: '0 0 104 12', width: 104, height: 12, 'aria-hidden': 'true', focusable: 'false' },
		s('rect', { class: 'porsi-latar', x: 2, y: 3, width: 100, height: 6, rx: 3 }),
		s('rect', { class: 'porsi-isi', x: 2, y: 3, width: p.toFixed(2), height: 6, rx: 3 }),
		s('line', { class: 'porsi-batas', x1: (2 + b).toFixed(2), x2: (2 + b).toFixed(2), y1: 0, y2: 12 }));
}

async function belanjaWajib(ctx, tahun) {
	const daftar = (await get(ctx.p(`dokumen?tahun=${tahun}&jenis=apbd&limit=500`))).items || [];
	if (!daftar.length) {
		return h('p', { class: 'kosong', id: 'tanpa-apbd' },
			`Belum ada APBD tahun ${tahun}: porsi belanja wajib dihitung dari APBD, jadi belum dapat ditampilkan.`);
	}
	if (!ctx.bisa('POST', 'rules/evaluate')) {
		return h('p', { class: 'kosong' }, 'Peran Anda tidak dapat menjalankan uji aturan APBD.');
	}
	const apbd = daftar.reduce((a, b) => (b.versi > a.versi || (b.versi === a.versi && b.id > a.id) ? b : a));
	const ev = await post(ctx.p('rules/evaluate'), { dokumen_id: apbd.id, aksi: 'lock' }, { safe: true });
	const hasil = (ev.rules && ev.rules.results) || [];
	const wajib = hasil.filter((r) => WAJIB.test(r.rule));
	const kolom = [
		{ judul: 'Aturan', isi: (r) => h('span', { class: 'aturan-judul' }, r.title || r.rule) },
		{ judul: 'Porsi', angka: true, isi: (r) => {
			const p = porsiAturan(r);
			return h('span', { class: 'porsi' }, r.applies === false || p === null ? '–' : persen(p), batangPorsi(p, batasAturan(r)));
		} },
		{ judul: 'Batas', angka: true, isi: (r) => { const b = batasAturan(r); return b ? `${b.arah} ${persen(b.nilai)}` : '–'; } },
		{ judul: 'Status', isi: (r) => {
			const s = statusHasil(r);
			return h('span', { class: 'lencana aturan-status ' + s.cls }, s.teks);
		} },
		{ judul: 'Keterangan dan dasar hukum', isi: (r) => [
			r.message ? h('div', null, r.message) : null,
			r.disabled ? h('div', null, r.disabled) : null,
			h('div', { class: 'aturan-dasar' }, 'Dasar: ', h('cite', null, r.cite || '–'))] },
	];
	// a finding or a warning does not refuse the lock, but a mandatory share it reports is missed
	const kurang = wajib.filter((r) => r.applies !== false && !r.passed);
	const hitung = (sev) => kurang.filter((r) => r.severity === sev).length;
	let kesimpulan;
	if (!ev.would_pass) kesimpulan = 'Ada aturan yang akan menolak penetapan APBD ini.';
	else if (!kurang.length) kesimpulan = 'Semua aturan wajib terpenuhi.';
	else {
		kesimpulan = `Penetapan tidak ditolak, tetapi ${kurang.length} aturan belanja wajib belum terpenuhi`
			+ ` (${[[hitung('finding'), 'temuan'], [hitung('warning'), 'peringatan']].filter(([n]) => n).map(([n, t]) => `${n} ${t}`).join(', ')}).`;
	}
	return [
		h('p', null, `Uji coba aturan penetapan atas APBD versi ${apbd.versi}, ${teksTahap(apbd).toLowerCase()} (${STATUS[apbd.status] || apbd.status}); `,
			'tidak mengubah apa pun. ', h('strong', { id: 'kesimpulan-wajib' }, kesimpulan)),
		tabel(kolom, wajib, { class: 'tabel-wajib', caption: 'Porsi belanja wajib terhadap batasnya',
			kosong: 'Paket aturan tidak memuat aturan belanja wajib.', baris: (r) => ({ dataset: { rule: r.rule } }) }),
		h('details', { class: 'aturan-lain' }, h('summary', null, 'Semua aturan penetapan APBD'), hasilAturan(ev.rules)),
	];
}

// --- Temuan -------------------------------------------------------------------------------

const NAMA_JENIS = { rkpd: 'RKPD', kua_ppas: 'KUA-PPAS', rka: 'RKA', apbd: 'APBD', dpa: 'DPA' };

// Every finding the rules recorded on the year's documents (accepted evaluations), with its
// citation: what the governor's or the Minister's evaluation of the APBD acts on.
async function temuanTahun(ctx, tahun) {
	const [data, paket] = await Promise.all([get(ctx.p(`rules/temuan?tahun=${tahun}`)),
		get(ctx.p('rules')).catch(() => null)]);
	const items = data.items || [];
	if (!items.length) {
		return h('p', { class: 'kosong', id: 'tanpa-temuan' },
			`Tidak ada temuan aturan yang tercatat pada dokumen tahun ${tahun}.`);
	}
	const judulAturan = new Map(((paket && paket.rules) || []).map((r) => [r.rule, r.title]));
	return [
		h('p', null, `${items.length} temuan tercatat pada dokumen tahun ${tahun}. Temuan tidak menolak penetapan; `,
			'temuan dibawa ke evaluasi APBD oleh gubernur atau Menteri dan ke laporan.'),
		daftarTemuan(items, {
			judulAturan: (rule) => judulAturan.get(rule) || rule,
			dokumen: (t) => h('div', { class: 'label' }, h('a', { href: '#/keuangan/dokumen/' + t.dokumen_id },
				`${NAMA_JENIS[t.jenis] || t.jenis}${t.opd_kode ? ' ' + ctx.namaOpd(t.opd_kode) : ''} versi ${t.versi}`),
			` · ${namaPeristiwa(t.event)}`),
		}),
	];
}

// --- Realisasi per bulan ------------------------------------------------------------------

const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
	const el = document.createElementNS(NS, tag);
	for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
	for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
	return el;
}

// Short axis labels: sen -> "95,3 M" (miliar) / "450 jt" (juta) / "Rp1.000".
function singkat(sen, satuan) {
	if (sen === 0n) return '0';
	const per = satuan === 'M' ? 100000000000n : satuan === 'jt' ? 100000000n : 100n;
	const persepuluh = divRound(sen * 10n, per);
	const t = angka(fromUnits(persepuluh, 1)).replace(/,0$/, ''); // "2.740 M", Indonesian grouping
	return satuan ? `${t} ${satuan}` : rupiah(fromUnits(divRound(sen, 100n) * 100n, 2)).replace(/,00$/, '');
}

function grafikBulanan(data, pendapatan) {
	const diterima = new Map((pendapatan.periode || []).map((p) => [p.bulan, p]));
	const per = (data.periode || []).slice().sort((a, b) => a.bulan - b.bulan)
		.map((p) => ({ ...p, pendapatan_kumulatif: diterima.get(p.bulan)?.penerimaan_kumulatif ?? '0.00' }));
	const rencana = per.map((p) => sen(p.rencana_kas_kumulatif));
	const realisasi = per.map((p) => sen(p.belanja_kumulatif));
	let max = [...rencana, ...realisasi].reduce((a, b) => (b > a ? b : a), 0n);
	const satuan = max >= 100000000000n ? 'M' : max >= 100000000n ? 'jt' : '';
	const tanpaData = max === 0n;
	if (max === 0n) max = 1n;
	const W = 760, H = 300, ml = 64, mr = 8, mt = 12, mb = 34;
	const pw = W - ml - mr, ph = H - mt - mb;
	const slot = pw / 12;
	const bw = slot * 0.36;
	// Pixel heights only: the figures shown are the exact decimal strings.
	const tinggi = (v) => (Number((v * 1000000n) / max) / 1000000) * ph;

	const grid = [0, 1, 2, 3, 4].map((i) => {
		const v = (max * BigInt(i)) / 4n;
		const y = mt + ph - (ph * i) / 4;
		return s('g', { class: 'sumbu-y' },
			s('line', { x1: ml, x2: W - mr, y1: y, y2: y, class: 'garis-bantu' }),
			s('text', { x: ml - 6, y: y + 4, 'text-anchor': 'end' }, singkat(v, satuan)));
	});
	const bulan = per.map((p, i) => {
		const x0 = ml + slot * i + (slot - 2 * bw - 4) / 2;
		const hr = tinggi(rencana[i]), hb = tinggi(realisasi[i]);
		return s('g', { class: 'bulan', 'data-bulan': p.bulan },
			s('rect', { class: 'batang-rencana', x: x0.toFixed(1), y: (mt + ph - hr).toFixed(1), width: bw.toFixed(1),
				height: hr.toFixed(1) },
			s('title', null, `${namaBulan(p.bulan)}: rencana kas kumulatif ${rupiah(p.rencana_kas_kumulatif)}`)),
			s('rect', { class: 'batang-realisasi', x: (x0 + bw + 4).toFixed(1), y: (mt + ph - hb).toFixed(1),
				width: bw.toFixed(1), height: hb.toFixed(1) },
			s('title', null, `${namaBulan(p.bulan)}: realisasi belanja kumulatif ${rupiah(p.belanja_kumulatif)}`)),
			s('text', { x: (ml + slot * i + slot / 2).toFixed(1), y: H - mb + 16, 'text-anchor': 'middle' }, bulanPendek(p.bulan)));
	});
	const akhir = per.length ? per[per.length - 1] : null;
	const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'grafik-judul grafik-desk',
		class: 'grafik-bulanan', preserveAspectRatio: 'xMidYMid meet' },
	s('title', { id: 'grafik-judul' }, 'Rencana kas dan realisasi belanja kumulatif per bulan'),
	s('desc', { id: 'grafik-desk' }, akhir
		? `Sampai ${namaBulan(akhir.bulan)}: rencana kas ${rupiah(akhir.rencana_kas_kumulatif)}, realisasi ${rupiah(akhir.belanja_kumulatif)}. Angka rinci ada di tabel data.`
		: 'Belum ada data.'),
	grid, s('line', { x1: ml, x2: ml, y1: mt, y2: mt + ph, class: 'sumbu' }), bulan);

	const alokasi = data.alokasi_belanja;
	const baris = per.map((p) => ({ ...p, persen: bagian(p.belanja_kumulatif, alokasi) }));
	const tabelData = tabel([
		{ judul: 'Bulan', isi: (p) => namaBulan(p.bulan) },
		{ judul: 'Rencana kas', angka: true, isi: (p) => rupiah(p.rencana_kas) },
		{ judul: 'Rencana kas kumulatif', angka: true, isi: (p) => rupiah(p.rencana_kas_kumulatif) },
		{ judul: 'Realisasi belanja', angka: true, isi: (p) => rupiah(p.belanja) },
		{ judul: 'Realisasi kumulatif', angka: true, isi: (p) => rupiah(p.belanja_kumulatif) },
		{ judul: '% dari pagu', angka: true, isi: (p) => (p.persen === null ? '–' : persen(p.persen)) },
		{ judul: 'Pendapatan kumulatif', angka: true, isi: (p) => rupiah(p.pendapatan_kumulatif) },
	], baris, { class: 'tabel-bulanan', caption: `Pagu belanja ${rupiah(alokasi)}; target pendapatan ${rupiah(pendapatan.target_penerimaan)}` });

	if (tanpaData) {
		return [h('p', { class: 'kosong', id: 'grafik-kosong' }, 'Belum ada rencana kas (DPA yang dikunci) maupun realisasi belanja tahun ini.'),
			h('details', { class: 'tabel-data' }, h('summary', null, 'Tabel data'), tabelData)];
	}
	return [
		h('p', null, 'Rencana kas (anggaran kas DPA) dan realisasi belanja (SP2D), kumulatif sejak Januari.'),
		h('div', { class: 'grafik' }, svg),
		h('p', { class: 'keterangan', 'aria-hidden': 'true' },
			h('span', { class: 'k-rencana' }, 'Rencana kas kumulatif'), h('span', { class: 'k-realisasi' }, 'Realisasi belanja kumulatif'),
			satuan ? h('small', { class: 'label' }, `Sumbu: ${satuan === 'M' ? 'M = miliar' : 'jt = juta'} rupiah`) : null),
		h('details', { class: 'tabel-data' }, h('summary', null, 'Tabel data'), tabelData),
	];
}

// --- Peringkat ----------------------------------------------------------------------------

const RINGKAS = 10;

function peringkat(ctx, data) {
	const items = data.items || [];
	const kolom = [
		{ judul: 'Peringkat', angka: true, isi: (r) => r.peringkat },
		{ judul: 'OPD', isi: (r) => h('a', { href: '#/opd/' + encodeURIComponent(r.opd_kode) }, r.opd_nama || r.opd_kode) },
		{ judul: 'Capaian kinerja', angka: true, isi: (r) => (r.capaian === null ? '–' : persen(r.capaian)) },
		{ judul: 'Predikat kinerja', isi: (r) => r.predikat || '–' },
		{ judul: 'Pagu', angka: true, isi: (r) => rupiah(r.anggaran) },
		{ judul: 'Realisasi', angka: true, isi: (r) => rupiah(r.realisasi) },
		{ judul: 'Capaian keuangan', angka: true, isi: (r) => (r.capaian_keuangan === null ? '–' : persen(r.capaian_keuangan)) },
		{ judul: 'Predikat keuangan', isi: (r) => r.predikat_keuangan || '–' },
	];
	const wadah = h('div', { class: 'peringkat-wadah' });
	const gambar = (semua) => {
		const rows = semua ? items : items.slice(0, RINGKAS);
		const nodes = [tabel(kolom, rows, { class: 'tabel-peringkat', kosong: 'Belum ada OPD yang dapat diperingkat.',
			baris: (r) => ({ dataset: { kode: r.opd_kode } }) })];
		if (items.length > RINGKAS) {
			nodes.push(h('button', { type: 'button', 'aria-expanded': String(semua), onclick: () => {
				gambar(!semua);
				wadah.querySelector('button').focus();
			} }, semua ? `Tampilkan ${RINGKAS} teratas saja` : `Tampilkan semua (${items.length} OPD)`));
		}
		wadah.replaceChildren(...nodes);
	};
	gambar(false);
	// the report's title names the pemda by its code; a reader knows it by name
	const judulLaporan = (data.judul || '').replace(` OPD ${ctx.pemda} `, ` OPD ${ctx.sesi.pemda.nama} `);
	return [h('p', { class: 'label' }, judulLaporan), wadah];
}
