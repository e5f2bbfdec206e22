// monev.js - e-monev (#/monev): the OPD's quarterly realisation of the indicators of the year's
// locked RKPD, the quarter's evaluation (capaian and predikat, kinerja and keuangan), closing a
// quarter, the Inspektorat's evaluations (#/monev/pemeriksaan/<id>: findings, signature, the
// OPD's follow-ups, closing a finding), the downloads (LRA, e-monev report) and the OPD ranking.
//
// Indicator values and percentages are decimal text from the API, shown with "," and never
// turned into a Number; financial realisation comes from the ledger and is only shown.
import { ApiError, galatIsian, get, post, unduh } from '../api.js';
import { angka, persen, rupiah, tanggal, TRIWULAN } from '../format.js';
import { bagianLayar, h, hasilAturan, judul, kolom, konfirmasi, kotakGalat, sibuk, sukses, tabel } from '../ui.js';
import { namaSubKegiatan } from '../ref.js';

const AKHIR_TW = ['03-31', '06-30', '09-30', '12-31'];
const KUNCI_TW = 'pagu.monev.tw';
const KUNCI_OPD = 'pagu.monev.opd';
const PREDIKAT_BAKU = ['Sangat Rendah', 'Rendah', 'Sedang', 'Tinggi', 'Sangat Tinggi'];
const TDE = 'Tidak Dapat Dievaluasi';

const namaTw = (n) => `Triwulan ${TRIWULAN[n - 1]}`;

export async function tampilkan(el, ctx, args) {
	if (args[0] === 'pemeriksaan' && args[1]) return tampilPemeriksaan(el, ctx, args[1]);
	// #/monev/triwulan/<n>[/<opd>]: the quarter (and OPD) a work queue item points at
	if (args[0] === 'triwulan' && /^[1-4]$/.test(args[1] || '')) {
		sessionStorage.setItem(KUNCI_TW, args[1]);
		if (args[2] && ctx.opd.some((o) => o.kode === args[2])) sessionStorage.setItem(KUNCI_OPD, args[2]);
	}
	return tampilUtama(el, ctx);
}

// ---- small helpers ---------------------------------------------------------------------------

// "16.0000" -> "16", "25.50" -> "25,5": a measured value without trailing zeros.
function nilai(text) {
	if (text === null || text === undefined || text === '') return '–';
	let s = String(text);
	if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
	return angka(s);
}

// What a person types ("4", "25,5", "1.250,75") to the API's decimal text; '' stays ''.
function keDesimal(text) {
	const s = String(text ?? '').trim().replace(/\s/g, '');
	if (s.includes(',')) return s.replace(/\./g, '').replace(',', '.');
	if (/^\d{1,3}(\.\d{3})+$/.test(s)) return s.replace(/\./g, ''); // "1.250" is a thousand and more
	return s;
}

function lencanaPredikat(p) {
	const cls = 'lencana predikat predikat-' + String(p || '').toLowerCase().replace(/[^a-z]+/g, '-');
	return h('span', { class: cls }, p || '–');
}

// File names people recognise: LRA_Kota_Padang_TA2026_sd_2026-03-31_Dinkes.xlsx
function namaBerkas(...bagian) {
	return bagian.filter(Boolean).map((b) => String(b).normalize('NFKD').replace(/[^A-Za-z0-9.-]+/g, '_')
		.replace(/^_+|_+$/g, '')).join('_');
}

function opdPendek(ctx, kode) {
	const o = ctx.opd.find((x) => x.kode === kode);
	return o ? o.singkatan || o.nama : kode;
}

function labelOpd(o) {
	return o.singkatan ? `${o.nama} (${o.singkatan})` : o.nama;
}

function selSub(kode, nama) {
	const n = nama(kode);
	return h('span', { class: 'sub-kegiatan' }, h('code', null, kode), n ? h('span', { class: 'label' }, ' ' + n) : null);
}

// ---- the main screen -------------------------------------------------------------------------

async function tampilUtama(el, ctx) {
	const tahun = ctx.tahun;
	const scoped = ctx.sesi.opd_kode;
	const st = {
		tw: Math.min(4, Math.max(1, Number(sessionStorage.getItem(KUNCI_TW)) || 1)),
		opd: scoped || sessionStorage.getItem(KUNCI_OPD) || (ctx.opd[0] && ctx.opd[0].kode) || '',
	};
	if (!scoped && !ctx.opd.some((o) => o.kode === st.opd)) st.opd = ctx.opd[0] ? ctx.opd[0].kode : '';

	el.append(judul(`e-Monev TA ${tahun}`,
		`${ctx.sesi.pemda.nama}: realisasi kinerja RKPD per triwulan, capaian dan predikat (Permendagri 86/2017), ` +
		'pemeriksaan Inspektorat, dan laporan.'));

	const twSel = h('select', { name: 'triwulan' },
		[1, 2, 3, 4].map((t) => h('option', { value: t, selected: t === st.tw }, namaTw(t))));
	const opdList = scoped ? ctx.opd.filter((o) => o.kode === scoped) : ctx.opd;
	const opdSel = h('select', { name: 'opd' },
		opdList.length ? opdList.map((o) => h('option', { value: o.kode, selected: o.kode === st.opd }, labelOpd(o)))
			: h('option', { value: scoped || '' }, scoped || '–'));
	const ganti = () => {
		st.tw = Number(twSel.value);
		st.opd = opdSel.value;
		sessionStorage.setItem(KUNCI_TW, String(st.tw));
		if (!scoped) sessionStorage.setItem(KUNCI_OPD, st.opd);
		el.setAttribute('aria-busy', 'true');
		muat();
	};
	twSel.addEventListener('change', ganti);
	opdSel.addEventListener('change', ganti);
	el.append(h('form', { class: 'form monev-pilihan', 'aria-label': 'Pilihan triwulan dan OPD',
		onsubmit: (e) => e.preventDefault() },
	kolom('Triwulan', twSel), kolom('OPD', opdSel, scoped ? 'Token Anda terbatas pada OPD ini.' : null)));

	const lompat = h('nav', { class: 'lompat', 'aria-label': 'Bagian halaman e-Monev' });
	const isi = h('div', { class: 'monev-isi' });
	el.append(lompat, isi);

	// @pesan: a node shown in the quarter status section after a reload (closing's answer).
	let giliran = 0;
	async function muat(pesan) {
		const saya = ++giliran; // a later choice wins over an earlier, slower load
		el.setAttribute('aria-busy', 'true');
		try {
			const q = `tahun=${tahun}` + (st.opd ? `&opd=${encodeURIComponent(st.opd)}` : '');
			const [evals, periksa, peringkat] = await Promise.all([
				Promise.all([1, 2, 3, 4].map((t) => get(ctx.p(`monev/evaluasi?${q}&triwulan=${t}`)))),
				daftarPemeriksaan(ctx, tahun, st.opd).catch((e) => e),
				get(ctx.p(`laporan/peringkat?tahun=${tahun}&triwulan=${st.tw}`)).catch((e) => e),
			]);
			const ev = evals[st.tw - 1];
			const nama = await namaSubKegiatan(tahun, ctx.sesi.pemda.jenis, [...ev.kinerja.map((k) => k.sub_kegiatan), ...ev.keuangan.map((k) => k.sub_kegiatan)]);
			if (saya !== giliran) return;
			const bagian = [
				['monev-status', 'Status triwulan', bagianStatus(ctx, st, evals, pesan, muat)],
				ctx.bisa('POST', 'monev/realisasi') && ctx.milikOpd(st.opd)
					? ['monev-lapor', 'Laporan realisasi', bagianLapor(ctx, st, evals, nama, () => segarkan())] : null,
				['monev-evaluasi', 'Hasil evaluasi', bagianEvaluasi(ctx, st, ev, nama)],
				['monev-pemeriksaan', 'Pemeriksaan', bagianPemeriksaan(ctx, st, periksa)],
				['monev-unduhan', 'Unduhan', bagianUnduhan(ctx, st)],
				['monev-peringkat', 'Peringkat OPD', bagianPeringkat(ctx, st, peringkat)],
			].filter(Boolean);
			lompat.replaceChildren(h('span', { class: 'label' }, 'Lompat ke: '), ...[
				bagian.map(([id, teks], i) => [i ? ' · ' : '', h('a', { href: '#' + id, onclick: (e) => {
					e.preventDefault();
					const s = document.getElementById(id);
					s.scrollIntoView({ block: 'start' });
					s.querySelector('h2').focus();
				} }, teks)])].flat(Infinity));
			isi.replaceChildren(...bagian.map((b) => b[2]));
		} catch (e) {
			if (saya === giliran) isi.replaceChildren(kotakGalat(e));
		} finally {
			if (saya === giliran) el.removeAttribute('aria-busy');
		}
	}

	// After a report: the evaluation section only, so the forms keep what was typed.
	async function segarkan() {
		const q = `tahun=${tahun}&triwulan=${st.tw}` + (st.opd ? `&opd=${encodeURIComponent(st.opd)}` : '');
		const ev = await get(ctx.p(`monev/evaluasi?${q}`));
		const nama = await namaSubKegiatan(tahun, ctx.sesi.pemda.jenis, ev.kinerja.map((k) => k.sub_kegiatan));
		const lama = document.getElementById('monev-evaluasi');
		if (lama) lama.replaceWith(bagianEvaluasi(ctx, st, ev, nama));
		return ev;
	}

	await muat();
}


// ---- quarter status and closing ----

function bagianStatus(ctx, st, evals, pesan, muat) {
	const ev = evals[st.tw - 1];
	const daftar = h('ul', { class: 'tw-status' }, evals.map((e, i) => h('li', { class: i + 1 === st.tw ? 'pilih' : null },
		h('strong', null, namaTw(i + 1)), ' ',
		h('span', { class: 'lencana ' + (e.ditutup ? 'status-locked' : 'status-draft') }, e.ditutup ? 'Ditutup' : 'Terbuka'),
		e.hash ? h('div', { class: 'hash' }, 'Hash: ', h('code', { title: e.hash }, e.hash.slice(0, 16) + '…')) : null)));
	const slot = h('div', { class: 'slot', tabindex: '-1' }, pesan || null);
	const sec = bagianLayar('monev-status', `Status triwulan TA ${ctx.tahun}`, daftar);
	if (ctx.bisa('POST', 'monev/tutup') && !ev.ditutup) {
		const sebelumTerbuka = st.tw > 1 && !evals[st.tw - 2].ditutup;
		if (sebelumTerbuka) {
			sec.append(h('p', { class: 'label' }, `${namaTw(st.tw)} baru dapat ditutup setelah ${namaTw(st.tw - 1)} ditutup (triwulan ditutup berurutan).`));
		} else {
			const btn = h('button', { type: 'button', class: 'bahaya', 'aria-describedby': 'tutup-ket' }, 'Tutup triwulan');
			btn.addEventListener('click', async () => {
				const ok = await konfirmasi(`Tutup ${namaTw(st.tw)} TA ${ctx.tahun}?`,
					h('div', null,
						h('p', null, `Penutupan berlaku untuk seluruh OPD ${ctx.sesi.pemda.nama}. Angka realisasi ${namaTw(st.tw)} dibekukan dan disegel dengan hash; laporan berikutnya untuk triwulan ini hanya dapat berupa koreksi pada triwulan yang masih terbuka.`),
						h('p', null, 'Penutupan tidak dapat dibatalkan.')),
					'Ya, tutup');
				if (!ok) return btn.focus();
				await sibuk(btn, slot, async () => {
					const r = await post(ctx.p('monev/tutup'), { tahun: ctx.tahun, triwulan: st.tw });
					const msg = h('div', null,
						h('div', { class: 'sukses', role: 'status' }, `${namaTw(r.triwulan)} TA ${r.tahun} ditutup. Hash: `, h('code', { class: 'hash' }, r.hash)),
						r.rules ? h('h3', null, 'Hasil aturan penutupan triwulan') : null,
						hasilAturan(r.rules));
					await muat(msg);
					const s = document.querySelector('#monev-status .slot');
					if (s) s.focus();
				});
			});
			sec.append(h('div', { class: 'aksi' }, btn,
				h('small', { id: 'tutup-ket' }, `Menutup ${namaTw(st.tw)} TA ${ctx.tahun} untuk seluruh OPD; angka dibekukan dan disegel.`)));
		}
	}
	sec.append(slot);
	return sec;
}

// ---- the OPD's report of realisation ----

function bagianLapor(ctx, st, evals, nama, segarkan) {
	const ev = evals[st.tw - 1];
	const terbuka = evals.findIndex((e) => !e.ditutup) + 1; // first open quarter, 0: none
	const koreksi = ev.ditutup;
	const sec = bagianLayar('monev-lapor', `Laporan realisasi kinerja — ${namaTw(st.tw)} — ${opdPendek(ctx, st.opd)}`);
	if (!ev.kinerja.length) {
		sec.append(h('p', { class: 'label' }, `Belum ada indikator untuk OPD ini: indikator berasal dari baris RKPD TA ${ctx.tahun} yang sudah dikunci.`));
		return sec;
	}
	if (koreksi && !terbuka) {
		sec.append(h('p', null, `${namaTw(st.tw)} sudah ditutup dan tidak ada triwulan yang masih terbuka: koreksi tidak dapat dicatat lagi.`));
		return sec;
	}
	sec.append(h('p', { class: 'label' }, koreksi
		? `${namaTw(st.tw)} sudah ditutup. Koreksi dicatat pada ${namaTw(terbuka)} (triwulan terbuka) dengan menyebut nomor laporan yang dikoreksi; angka ${namaTw(st.tw)} yang sudah disegel tidak berubah, koreksi dihitung dalam kumulatif sejak ${namaTw(terbuka)}.`
		: 'Isi realisasi indikator pada triwulan ini saja (bukan kumulatif), fisik dalam persen sampai akhir triwulan, catatan dan bukti. Laporan terbaru untuk satu indikator yang berlaku. Realisasi keuangan tidak diisi di sini: diambil dari pembukuan (SP2D).'));
	const wadah = h('div', { class: 'lapor-daftar' });
	// a correction names a report of the closed quarter: only reported indicators have one
	const daftar = koreksi ? ev.kinerja.filter((k) => k.dilaporkan) : ev.kinerja;
	if (koreksi && daftar.length < ev.kinerja.length) {
		sec.append(h('p', { class: 'label' }, `${ev.kinerja.length - daftar.length} indikator tidak dilaporkan pada ${namaTw(st.tw)}, jadi tidak ada laporan yang dapat dikoreksi.`));
	}
	for (const k of daftar) {
		const id = `${k.rkpd_id}-${k.baris}`;
		const iNilai = h('input', { name: 'nilai', type: 'text', inputmode: 'decimal', required: true, autocomplete: 'off',
			value: !koreksi && k.dilaporkan ? nilai(k.realisasi).replace(/\./g, '') : '' });
		const iFisik = h('input', { name: 'fisik', type: 'text', inputmode: 'decimal', required: true, autocomplete: 'off',
			value: !koreksi && k.dilaporkan && k.fisik ? nilai(k.fisik) : '' });
		const iCatatan = h('input', { name: 'catatan', type: 'text', maxlength: 2000, autocomplete: 'off' });
		const iBukti = h('input', { name: 'bukti', type: 'text', maxlength: 500, autocomplete: 'off' });
		const iKoreksi = koreksi ? h('input', { name: 'koreksi_id', type: 'text', inputmode: 'numeric', required: true,
			autocomplete: 'off', value: k.laporan_id ?? '' }) : null;
		const slot = h('div', { class: 'slot' });
		const status = h('span', { class: 'lapor-status' }, k.dilaporkan
			? h('span', { class: 'lencana status-verified' }, `Sudah dilaporkan: ${nilai(k.realisasi)} ${k.satuan}`)
			: h('span', { class: 'lencana status-submitted' }, 'Belum dilaporkan'));
		const btn = h('button', { type: 'submit', class: 'utama' }, koreksi ? 'Simpan koreksi' : 'Simpan realisasi');
		const form = h('form', { class: 'lapor-indikator', dataset: { indikator: id } },
			h('fieldset', null,
				h('legend', null, k.indikator),
				h('p', { class: 'lapor-ket' }, 'Sub kegiatan ', selSub(k.sub_kegiatan, nama), ' · Target ',
					h('strong', null, `${nilai(k.target)} ${k.satuan}`), ' · ', status),
				h('div', { class: 'form' },
					kolom('Realisasi', iNilai, `${k.satuan}, ${koreksi ? 'angka yang benar untuk ' + namaTw(st.tw) : 'triwulan ini'}`),
					kolom('Fisik (%)', iFisik, '0–100, sampai akhir triwulan'),
					kolom('Catatan', iCatatan),
					kolom('Bukti', iBukti, 'Nomor/tautan dokumen pendukung'),
					iKoreksi ? kolom('Nomor laporan yang dikoreksi', iKoreksi, 'Laporan yang membentuk angka triwulan itu (terisi otomatis)') : null),
				h('div', { class: 'aksi' }, btn), slot));
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			await sibuk(btn, slot, async () => {
				const body = {
					tahun: ctx.tahun, triwulan: koreksi ? terbuka : st.tw, rkpd_id: k.rkpd_id, baris: k.baris,
					nilai: keDesimal(iNilai.value), fisik: keDesimal(iFisik.value),
					catatan: iCatatan.value.trim() || null, bukti: iBukti.value.trim() || null,
				};
				if (koreksi) {
					const n = iKoreksi.value.trim();
					if (!/^\d+$/.test(n)) {
						throw galatIsian('/koreksi_id', 'Nomor laporan harus berupa bilangan bulat.');
					}
					body.koreksi_id = Number(n);
				}
				const r = await post(ctx.p('monev/realisasi'), body);
				sukses(slot, koreksi
					? `Koreksi tersimpan pada ${namaTw(r.triwulan)} (laporan nomor ${r.laporan_id}).`
					: `Realisasi tersimpan (laporan nomor ${r.laporan_id}): ${nilai(r.nilai)} ${k.satuan}, fisik ${nilai(r.fisik)}%.`);
				if (!koreksi) status.replaceChildren(h('span', { class: 'lencana status-verified' }, `Sudah dilaporkan: ${nilai(r.nilai)} ${k.satuan}`));
				await segarkan();
			}, form);
		});
		wadah.append(form);
	}
	sec.append(wadah);
	return sec;
}

// ---- the evaluation of a quarter ----

function tabelKinerja(ev, nama, opts = {}) {
	return tabel([
		{ judul: 'Sub kegiatan', isi: (k) => selSub(k.sub_kegiatan, nama) },
		{ judul: 'Indikator', isi: (k) => k.indikator },
		{ judul: 'Target', angka: true, isi: (k) => `${nilai(k.target)} ${k.satuan}` },
		{ judul: `Realisasi TW ${TRIWULAN[ev.triwulan - 1]}`, angka: true, isi: (k) => k.realisasi === null ? 'Belum dilaporkan' : nilai(k.realisasi) },
		{ judul: 'Kumulatif', angka: true, isi: (k) => nilai(k.realisasi_kumulatif) },
		{ judul: 'Fisik', angka: true, isi: (k) => (k.fisik === null ? '–' : persen(k.fisik)) },
		{ judul: 'Capaian TW', angka: true, isi: (k) => persen(k.capaian) },
		{ judul: 'Predikat TW', isi: (k) => lencanaPredikat(k.predikat) },
		{ judul: 'Capaian kumulatif', angka: true, isi: (k) => persen(k.capaian_kumulatif) },
		{ judul: 'Predikat kumulatif', isi: (k) => lencanaPredikat(k.predikat_kumulatif) },
	], ev.kinerja, { caption: opts.caption || 'Capaian kinerja per indikator', class: 'tabel-kinerja',
		kosong: `Belum ada indikator: RKPD TA ${ev.tahun} yang dikunci tidak memuat indikator OPD ini.` });
}

function tabelKeuangan(ev, nama, opts = {}) {
	return tabel([
		{ judul: 'Sub kegiatan', isi: (k) => selSub(k.sub_kegiatan, nama) },
		{ judul: 'Anggaran', angka: true, isi: (k) => rupiah(k.anggaran) },
		{ judul: 'Rencana kas TW', angka: true, isi: (k) => rupiah(k.rencana_triwulan) },
		{ judul: 'Realisasi TW', angka: true, isi: (k) => rupiah(k.realisasi) },
		{ judul: 'Capaian TW', angka: true, isi: (k) => persen(k.capaian_triwulan) },
		{ judul: 'Predikat TW', isi: (k) => lencanaPredikat(k.predikat_triwulan) },
		{ judul: 'Realisasi kumulatif', angka: true, isi: (k) => rupiah(k.realisasi_kumulatif) },
		{ judul: 'Capaian kumulatif', angka: true, isi: (k) => persen(k.capaian) },
		{ judul: 'Predikat kumulatif', isi: (k) => lencanaPredikat(k.predikat) },
	], ev.keuangan, { caption: opts.caption || 'Capaian keuangan per sub kegiatan (dari pembukuan)', class: 'tabel-keuangan',
		kosong: 'Belum ada DPA yang dikunci untuk OPD ini.' });
}

function bagianEvaluasi(ctx, st, ev, nama) {
	return bagianLayar('monev-evaluasi', `Hasil evaluasi — ${namaTw(st.tw)} TA ${ctx.tahun} — ${opdPendek(ctx, st.opd)}`,
		h('p', { class: 'label' }, 'Capaian = realisasi ÷ target × 100, dibulatkan dua desimal; predikat menurut tabel skala yang berlaku. ',
			'Target nol atau kosong: ', h('em', null, TDE), '. ',
			ev.ditutup ? `${namaTw(st.tw)} sudah ditutup: angka ini yang disegel.` : `${namaTw(st.tw)} masih terbuka: angka dapat berubah.`),
		tabelKinerja(ev, nama), tabelKeuangan(ev, nama));
}

// ---- evaluations of the Inspektorat ----

async function daftarPemeriksaan(ctx, tahun, opd) {
	const q = `tahun=${tahun}` + (opd ? `&opd=${encodeURIComponent(opd)}` : '');
	return (await get(ctx.p(`pemeriksaan?${q}&limit=500`))).items;
}

function bagianPemeriksaan(ctx, st, daftar) {
	const sec = bagianLayar('monev-pemeriksaan', `Pemeriksaan Inspektorat — ${opdPendek(ctx, st.opd)} TA ${ctx.tahun}`);
	if (ctx.bisa('POST', 'pemeriksaan') && st.opd) {
		const slot = h('div', { class: 'slot' });
		const btn = h('button', { type: 'button', class: 'utama' }, 'Buka pemeriksaan');
		btn.addEventListener('click', () => sibuk(btn, slot, async () => {
			const p = await post(ctx.p('pemeriksaan'), { tahun: ctx.tahun, triwulan: st.tw, opd_kode: st.opd });
			location.hash = `#/monev/pemeriksaan/${p.id}`;
		}));
		sec.append(h('div', { class: 'aksi' }, btn,
			h('small', null, `Membuka pemeriksaan baru atas ${ctx.namaOpd(st.opd)} untuk ${namaTw(st.tw)} TA ${ctx.tahun}.`)), slot);
	}
	if (daftar instanceof Error) {
		sec.append(kotakGalat(daftar));
		return sec;
	}
	sec.append(tabel([
		{ judul: 'Pemeriksaan', isi: (p) => h('a', { href: `#/monev/pemeriksaan/${p.id}` }, `Pemeriksaan #${p.id}`) },
		{ judul: 'OPD', isi: (p) => ctx.namaOpd(p.opd_kode) },
		{ judul: 'Triwulan', isi: (p) => TRIWULAN[p.triwulan - 1] },
		{ judul: 'Status', isi: (p) => lencanaPeriksa(p.status) },
		{ judul: 'Temuan', angka: true, isi: (p) => String(p.temuan ?? '–') },
		{ judul: 'Dibuka', isi: (p) => tanggal(p.dibuat) },
		{ judul: 'Ditandatangani', isi: (p) => (p.ditandatangani ? tanggal(p.ditandatangani) : '–') },
	], daftar, { caption: 'Pemeriksaan atas OPD ini pada tahun anggaran terpilih', class: 'tabel-periksa', kosong: 'Belum ada pemeriksaan.' }));
	return sec;
}

function lencanaPeriksa(s) {
	return s === 'signed' ? h('span', { class: 'lencana status-locked' }, 'Ditandatangani')
		: h('span', { class: 'lencana status-draft' }, 'Draf');
}

// ---- downloads ----

function bagianUnduhan(ctx, st) {
	const scoped = ctx.sesi.opd_kode;
	const cakupan = h('select', { name: 'opd' },
		scoped ? null : h('option', { value: '' }, `Seluruh ${ctx.sesi.pemda.nama}`),
		(scoped ? ctx.opd.filter((o) => o.kode === scoped) : ctx.opd).map((o) =>
			h('option', { value: o.kode, selected: o.kode === st.opd }, labelOpd(o))));
	const sampai = h('input', { name: 'sampai', type: 'date', required: true, value: `${ctx.tahun}-${AKHIR_TW[st.tw - 1]}`,
		min: `${ctx.tahun}-01-01`, max: `${ctx.tahun}-12-31` });
	const slot = h('div', { class: 'slot' });
	const form = h('form', { class: 'unduhan', onsubmit: (e) => e.preventDefault() });
	const pemda = ctx.sesi.pemda.nama;
	const akhiran = () => (cakupan.value ? opdPendek(ctx, cakupan.value) : null);
	const qOpd = () => (cakupan.value ? `&opd=${encodeURIComponent(cakupan.value)}` : '');
	const tombol = (teks, fn) => {
		const b = h('button', { type: 'button' }, teks);
		b.addEventListener('click', () => sibuk(b, slot, async () => {
			const nama = await fn();
			sukses(slot, `Berkas ${nama} diunduh.`);
		}, form));
		return b;
	};
	const lra = (fmt) => async () => {
		if (!/^\d{4}-\d\d-\d\d$/.test(sampai.value)) {
			throw galatIsian('sampai', 'Isi tanggal akhir LRA.');
		}
		const nama = namaBerkas('LRA', pemda, `TA${ctx.tahun}`, 'sd', sampai.value, akhiran()) + '.' + fmt;
		await unduh(ctx.p(`laporan/lra?tahun=${ctx.tahun}&sampai=${sampai.value}${qOpd()}&format=${fmt}`), nama);
		return nama;
	};
	const monev = (fmt) => async () => {
		const nama = namaBerkas('Laporan_eMonev', pemda, `TA${ctx.tahun}`, `TW_${TRIWULAN[st.tw - 1]}`, akhiran()) + '.' + fmt;
		await unduh(ctx.p(`laporan/monev?tahun=${ctx.tahun}&triwulan=${st.tw}${qOpd()}&format=${fmt}`), nama);
		return nama;
	};
	form.append(
		h('div', { class: 'form' },
			kolom('Cakupan laporan', cakupan),
			kolom('LRA sampai tanggal', sampai, 'Realisasi sampai akhir tanggal ini')),
		h('h3', null, 'Laporan Realisasi Anggaran (LRA)'),
		h('div', { class: 'aksi' }, tombol('Unduh LRA (XLSX)', lra('xlsx')), tombol('Unduh LRA (CSV)', lra('csv'))),
		h('h3', null, `Laporan e-monev (Permendagri 86/2017) sampai ${namaTw(st.tw)}`),
		h('div', { class: 'aksi' }, tombol('Unduh laporan e-monev (XLSX)', monev('xlsx')),
			tombol('Unduh laporan e-monev (CSV)', monev('csv'))),
		slot);
	return bagianLayar('monev-unduhan', 'Unduhan laporan',
		h('p', { class: 'label' }, 'Berkas diambil dengan token Anda (tidak pernah di alamat URL). XLSX untuk Excel dengan format rupiah; CSV berisi angka desimal persis.'),
		form);
}

// ---- ranking ----

function bagianPeringkat(ctx, st, d) {
	const sec = bagianLayar('monev-peringkat', `Peringkat capaian OPD — sampai ${namaTw(st.tw)} TA ${ctx.tahun}`);
	if (d instanceof Error) {
		sec.append(kotakGalat(d));
		return sec;
	}
	const slot = h('div', { class: 'slot' });
	const b = h('button', { type: 'button' }, 'Unduh peringkat (CSV)');
	b.addEventListener('click', () => sibuk(b, slot, async () => {
		const nama = namaBerkas('Peringkat_OPD', ctx.sesi.pemda.nama, `TA${ctx.tahun}`, `TW_${TRIWULAN[st.tw - 1]}`) + '.csv';
		await unduh(ctx.p(`laporan/peringkat?tahun=${ctx.tahun}&triwulan=${st.tw}&format=csv`), nama);
		sukses(slot, `Berkas ${nama} diunduh.`);
	}));
	sec.append(tabel([
		{ judul: 'Peringkat', angka: true, isi: (r) => String(r.peringkat) },
		{ judul: 'OPD', isi: (r) => r.opd_nama || ctx.namaOpd(r.opd_kode) },
		{ judul: 'Indikator dievaluasi', angka: true, isi: (r) => `${r.dievaluasi} dari ${r.indikator}` },
		{ judul: 'Rata-rata capaian kinerja', angka: true, isi: (r) => persen(r.capaian) },
		{ judul: 'Predikat kinerja', isi: (r) => lencanaPredikat(r.predikat) },
		{ judul: 'Anggaran', angka: true, isi: (r) => rupiah(r.anggaran) },
		{ judul: 'Realisasi keuangan', angka: true, isi: (r) => rupiah(r.realisasi) },
		{ judul: 'Capaian keuangan', angka: true, isi: (r) => persen(r.capaian_keuangan) },
		{ judul: 'Predikat keuangan', isi: (r) => lencanaPredikat(r.predikat_keuangan) },
	], d.items, { caption: 'Diurutkan menurut rata-rata capaian kinerja kumulatif, lalu capaian keuangan', class: 'tabel-peringkat',
		baris: (r) => (r.opd_kode === st.opd ? { class: 'pilih' } : null) }), h('div', { class: 'aksi' }, b), slot);
	return sec;
}

// ---- one evaluation (#/monev/pemeriksaan/<id>) -------------------------------------------

async function tampilPemeriksaan(el, ctx, idTeks) {
	if (!/^\d+$/.test(idTeks)) throw new ApiError(404, { type: 'urn:pagu:problem:not-found', detail: `Pemeriksaan ${idTeks} tidak dikenal.` });
	const kembali = h('p', null, h('a', { href: '#/monev' }, '← Kembali ke e-Monev'));
	const kepala = judul(`Pemeriksaan #${idTeks}`);
	const isi = h('div', { class: 'pemeriksaan-isi' });
	el.append(kepala, kembali, isi);
	let p = await get(ctx.p(`pemeriksaan/${idTeks}`));
	const opdIni = ctx.opd.find((x) => x.kode === p.opd_kode);
	kepala.append(h('p', null, `${opdIni ? opdIni.nama : p.opd_kode} (${p.opd_kode}) · ${namaTw(p.triwulan)} TA ${p.tahun}`));

	// what a draft needs: the OPD's figures, its sub kegiatan (DPA pockets), the rating bands
	const draft = p.status !== 'signed';
	const [ev, skala] = await Promise.all([
		get(ctx.p(`monev/evaluasi?tahun=${p.tahun}&triwulan=${p.triwulan}&opd=${encodeURIComponent(p.opd_kode)}`)).catch((e) => e),
		draft ? get(ctx.p('monev/skala')).catch(() => null) : null,
	]);
	// a finding is on a sub kegiatan of the OPD's DPA (its pockets); an RKPD indicator alone is refused
	const subs = ev instanceof Error ? [] : [...new Set(ev.keuangan.map((k) => k.sub_kegiatan))].sort();
	const nama = await namaSubKegiatan(p.tahun, ctx.sesi.pemda.jenis, [...subs, ...p.temuan.map((t) => t.sub_kegiatan)]);
	let predikat = PREDIKAT_BAKU;
	if (skala && Array.isArray(skala.items)) {
		const s = skala.items.filter((x) => x.jenis === 'kumulatif' && x.berlaku).pop();
		if (s) predikat = s.pita.map((x) => x.predikat);
	}
	predikat = [...new Set([...predikat, TDE])];

	const gambar = (pesan) => {
		isi.replaceChildren(...tampilanPemeriksaan(ctx, p, { ev, subs, nama, predikat, pesan, ganti }));
		if (pesan && pesan.fokus) {
			const x = isi.querySelector('[data-pesan]');
			if (x) x.focus();
		}
	};
	function ganti(baru, pesan) {
		p = baru;
		gambar(pesan);
	}
	gambar();
}

function tampilanPemeriksaan(ctx, p, o) {
	const signed = p.status === 'signed';
	const out = [];
	const pesanNode = (nomor) => (o.pesan && o.pesan.nomor === nomor
		? h('div', { class: 'sukses', role: 'status', tabindex: '-1', dataset: { pesan: '' } }, o.pesan.teks) : null);

	// summary, signature and hash
	const rincian = h('dl', { class: 'rincian' },
		h('dt', null, 'Status'), h('dd', null, lencanaPeriksa(p.status)),
		h('dt', null, 'OPD'), h('dd', null, `${labelOpd(ctx.opd.find((x) => x.kode === p.opd_kode) || { nama: p.opd_kode })} (${p.opd_kode})`),
		h('dt', null, 'Periode'), h('dd', null, `${namaTw(p.triwulan)} TA ${p.tahun}`),
		h('dt', null, 'Dibuka'), h('dd', null, tanggal(p.dibuat)),
		h('dt', null, 'Ditandatangani'), h('dd', null, p.ditandatangani ? tanggal(p.ditandatangani) : 'Belum'),
		signed ? [h('dt', null, 'Hash (SHA-256)'), h('dd', null, h('code', { class: 'hash', id: 'pemeriksaan-hash' }, p.hash))] : null,
		signed ? [h('dt', null, 'Kecocokan hash'), h('dd', { id: 'pemeriksaan-hash-cocok' }, p.hash_cocok
			? h('span', { class: 'lencana status-verified' }, 'Cocok: isi sama dengan saat ditandatangani')
			: h('span', { class: 'lencana status-rejected' }, 'TIDAK cocok: isi berbeda dari saat ditandatangani'))] : null);
	out.push(bagianLayar('pemeriksaan-ringkas', 'Ringkasan', rincian, pesanNode(0),
		signed ? h('p', { class: 'label' }, 'Pemeriksaan ini sudah ditandatangani dan tidak dapat diubah: temuan tidak dapat ditambah. OPD mencatat tindak lanjut; Inspektorat menutup temuan yang sudah selesai.')
			: h('p', { class: 'label' }, 'Draf: temuan dapat ditambah sampai pemeriksaan ditandatangani.')));

	// findings
	const temuanSec = bagianLayar('pemeriksaan-temuan', `Temuan (${p.temuan.length})`);
	if (!p.temuan.length) temuanSec.append(h('p', { class: 'label' }, 'Belum ada temuan.'));
	for (const t of p.temuan) temuanSec.append(kartuTemuan(ctx, p, t, o, pesanNode(t.nomor)));
	out.push(temuanSec);

	// a new finding, while a draft
	if (!signed && ctx.bisa('POST', 'pemeriksaan/{id}/temuan')) out.push(formTemuan(ctx, p, o));

	// the signature
	if (!signed && ctx.bisa('POST', 'pemeriksaan/{id}/tandatangan')) {
		const slot = h('div', { class: 'slot' });
		const sec = bagianLayar('pemeriksaan-ttd', 'Tanda tangan');
		if (!p.temuan.length) {
			sec.append(h('p', { class: 'label' }, 'Tambahkan minimal satu temuan sebelum menandatangani.'));
		} else {
			const btn = h('button', { type: 'button', class: 'utama' }, 'Tandatangani');
			btn.addEventListener('click', async () => {
				const ok = await konfirmasi(`Tandatangani pemeriksaan #${p.id}?`,
					h('div', null,
						h('p', null, h('strong', null, 'Setelah ditandatangani tidak dapat diubah.')),
						h('p', null, `${p.temuan.length} temuan disegel dengan hash SHA-256; temuan tidak dapat ditambah atau diubah lagi.`)),
					'Ya, tandatangani');
				if (!ok) return btn.focus();
				await sibuk(btn, slot, async () => {
					const baru = await post(ctx.p(`pemeriksaan/${p.id}/tandatangan`));
					o.ganti(baru, { nomor: 0, teks: 'Pemeriksaan ditandatangani. Hash tercatat dan isinya tidak dapat diubah lagi.', fokus: true });
				});
			});
			sec.append(h('p', null, 'Setelah ditandatangani tidak dapat diubah: temuan disegel dengan hash.'), h('div', { class: 'aksi' }, btn));
		}
		sec.append(slot);
		out.push(sec);
	}

	// the OPD's figures for the quarter, for the inspector's reference
	if (!(o.ev instanceof Error)) {
		const tabelTabel = [tabelKinerja(o.ev, o.nama), tabelKeuangan(o.ev, o.nama)];
		out.push(bagianLayar('pemeriksaan-data', `Data e-monev ${namaTw(p.triwulan)} TA ${p.tahun}`,
			signed ? h('details', null, h('summary', null, 'Tampilkan capaian kinerja dan keuangan OPD pada triwulan ini'), tabelTabel)
				: tabelTabel));
	}
	return out;
}

function kartuTemuan(ctx, p, t, o, pesan) {
	const signed = p.status === 'signed';
	const kartu = h('article', { class: 'kartu temuan-kartu', 'aria-labelledby': `temuan-${t.nomor}-judul`, dataset: { nomor: t.nomor } },
		h('h3', { id: `temuan-${t.nomor}-judul` }, `Temuan ${t.nomor}`),
		h('dl', { class: 'rincian' },
			h('dt', null, 'Sub kegiatan'), h('dd', null, selSub(t.sub_kegiatan, o.nama)),
			h('dt', null, 'Predikat'), h('dd', null, lencanaPredikat(t.predikat)),
			h('dt', null, 'Temuan'), h('dd', { class: 'teks' }, t.temuan),
			h('dt', null, 'Rekomendasi'), h('dd', { class: 'teks' }, t.rekomendasi),
			h('dt', null, 'Status'), h('dd', null, t.selesai
				? [h('span', { class: 'lencana status-locked' }, 'Ditutup'), ` ${tanggal(t.selesai.ditutup)}`,
					t.selesai.catatan ? h('div', { class: 'teks' }, 'Catatan: ', t.selesai.catatan) : null]
				: h('span', { class: 'lencana status-submitted' }, signed ? 'Menunggu tindak lanjut' : 'Draf'))),
		h('h4', null, 'Tindak lanjut'),
		t.tindak_lanjut.length
			? h('ol', { class: 'tindak-lanjut' }, t.tindak_lanjut.map((l) => h('li', null, h('span', { class: 'teks' }, l.uraian),
				l.bukti ? h('div', { class: 'label' }, 'Bukti: ', l.bukti) : null)))
			: h('p', { class: 'label' }, 'Belum ada tindak lanjut.'),
		pesan);
	if (signed && !t.selesai && ctx.bisa('POST', 'pemeriksaan/{id}/temuan/{nomor}/tindak-lanjut') && ctx.milikOpd(p.opd_kode)) {
		const uraian = h('textarea', { name: 'uraian', rows: 3, required: true, maxlength: 4000 });
		const bukti = h('input', { name: 'bukti', type: 'text', maxlength: 500, autocomplete: 'off' });
		const slot = h('div', { class: 'slot' });
		const btn = h('button', { type: 'submit', class: 'utama' }, 'Kirim tindak lanjut');
		const form = h('form', { class: 'form-tl' },
			h('fieldset', null, h('legend', null, `Tindak lanjut temuan ${t.nomor}`),
				h('div', { class: 'form' }, kolom('Uraian tindak lanjut', uraian), kolom('Bukti', bukti, 'Nomor/tautan dokumen pendukung')),
				h('div', { class: 'aksi' }, btn), slot));
		form.addEventListener('submit', (e) => {
			e.preventDefault();
			sibuk(btn, slot, async () => {
				const baru = await post(ctx.p(`pemeriksaan/${p.id}/temuan/${t.nomor}/tindak-lanjut`),
					{ uraian: uraian.value.trim(), bukti: bukti.value.trim() || null });
				o.ganti(baru, { nomor: t.nomor, teks: `Tindak lanjut temuan ${t.nomor} tercatat.`, fokus: true });
			}, form);
		});
		kartu.append(form);
	}
	if (signed && !t.selesai && ctx.bisa('POST', 'pemeriksaan/{id}/temuan/{nomor}/tutup')) {
		const catatan = h('textarea', { name: 'catatan', rows: 2, maxlength: 4000 });
		const slot = h('div', { class: 'slot' });
		const btn = h('button', { type: 'submit' }, 'Tutup temuan');
		const form = h('form', { class: 'form-tutup' },
			h('fieldset', null, h('legend', null, `Tutup temuan ${t.nomor}`),
				h('div', { class: 'form' }, kolom('Catatan penutupan', catatan, 'Opsional')),
				h('div', { class: 'aksi' }, btn), slot));
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			const ok = await konfirmasi(`Tutup temuan ${t.nomor}?`,
				h('p', null, 'Temuan yang ditutup tidak dapat menerima tindak lanjut lagi, dan penutupan tidak dapat dibatalkan.'),
				'Ya, tutup temuan');
			if (!ok) return btn.focus();
			await sibuk(btn, slot, async () => {
				const baru = await post(ctx.p(`pemeriksaan/${p.id}/temuan/${t.nomor}/tutup`), { catatan: catatan.value.trim() || null });
				o.ganti(baru, { nomor: t.nomor, teks: `Temuan ${t.nomor} ditutup.`, fokus: true });
			}, form);
		});
		kartu.append(form);
	}
	return kartu;
}

function formTemuan(ctx, p, o) {
	const sub = h('select', { name: 'sub_kegiatan', required: true },
		o.subs.length ? null : h('option', { value: '' }, '— tidak ada sub kegiatan DPA —'),
		o.subs.map((k) => h('option', { value: k }, o.nama(k) ? `${k} — ${o.nama(k)}` : k)));
	const predikat = h('select', { name: 'predikat', required: true }, o.predikat.map((x) => h('option', { value: x }, x)));
	const temuan = h('textarea', { name: 'temuan', rows: 3, required: true, maxlength: 4000 });
	const rekomendasi = h('textarea', { name: 'rekomendasi', rows: 3, required: true, maxlength: 4000 });
	const slot = h('div', { class: 'slot' });
	const btn = h('button', { type: 'submit', class: 'utama' }, 'Simpan temuan');
	const form = h('form', { class: 'form-temuan' },
		h('div', { class: 'form' }, kolom('Sub kegiatan', sub, 'Sub kegiatan dalam DPA OPD ini'), kolom('Predikat', predikat)),
		h('div', { class: 'form form-lebar' }, kolom('Temuan', temuan), kolom('Rekomendasi', rekomendasi)),
		h('div', { class: 'aksi' }, btn), slot);
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		sibuk(btn, slot, async () => {
			const baru = await post(ctx.p(`pemeriksaan/${p.id}/temuan`), {
				sub_kegiatan: sub.value, predikat: predikat.value, temuan: temuan.value.trim(), rekomendasi: rekomendasi.value.trim(),
			});
			const n = baru.temuan.length ? baru.temuan[baru.temuan.length - 1].nomor : 0;
			o.ganti(baru, { nomor: n, teks: `Temuan ${n} tersimpan.`, fokus: true });
		}, form);
	});
	return bagianLayar('pemeriksaan-tambah', 'Tambah temuan', form);
}
