// keuangan.js - BPKAD/TAPD: the budget documents of the year (KUA-PPAS, RKA, APBD, DPA), one
// document with its lines, versions, diff, hash chain and rule-checked transitions, and the
// execution ledger's pockets with the entries behind them.
//
//   #/keuangan                      documents of ctx.tahun
//   #/keuangan/dokumen/<id>         one version
//   #/keuangan/kantong              pockets, entries, ledger verification, SPD and SP2D
//
// Every action is offered only when ctx.bisa / ctx.bisaDokumen / ctx.milikOpd allow it; the
// server checks again. Money stays decimal text; sums are BigInt sen.
import { bagianRiwayatDokumen, kotakDikembalikan, muatRiwayat } from '../riwayat.js';
import { ApiError, galatIsian, get, panggil, post, semua, tanggalHariIni, unduh } from '../api.js';
import { h, tabel, hasilAturan, kotakGalat, sukses, konfirmasi, sibuk, kolom, judul, lencanaStatus, lencanaTahap,
	teksTahap, adaPerbandingan, adaCatatanAturan, daftarTemuan, isiPerbandingan, JENIS, bagianLayar, namaPeristiwa, uid } from '../ui.js';
import { rupiah, angka, tanggal, parseRupiah, fromUnits, namaBulan, sen } from '../format.js';

const URUTAN = ['kua_ppas', 'rka', 'apbd', 'dpa'];
const JUDUL_JENIS = { kua_ppas: 'KUA-PPAS', rka: 'RKA per OPD', apbd: 'APBD', dpa: 'DPA per OPD' };
const AKSI = {
	submit: { label: 'Ajukan', kata: 'diajukan', ket: 'Dokumen diajukan untuk diverifikasi; isinya tidak dapat diubah lagi kecuali ditolak.' },
	verify: { label: 'Verifikasi', kata: 'diverifikasi', ket: 'Dokumen dinyatakan sesuai dan siap dikunci.' },
	lock: { label: 'Kunci', kata: 'dikunci', ket: 'Dokumen dikunci dan disegel dengan hash yang berantai ke versi terkunci sebelumnya. Setelah dikunci, isinya tidak dapat diubah; perubahan hanya lewat versi baru.' },
};
const JENIS_PLAFON = { opd: 'Plafon OPD', sub_kegiatan: 'Plafon sub kegiatan', pendapatan: 'Pendapatan',
	penerimaan_pembiayaan: 'Penerimaan pembiayaan', pengeluaran_pembiayaan: 'Pengeluaran pembiayaan' };
const JENIS_ENTRI = { spd: 'SPD', spm: 'SPM', sp2d: 'SP2D', void: 'Pembatalan SPM', sts: 'STS', koreksi: 'Koreksi' };
const PERUBAHAN = { tambah: 'Tambah', hapus: 'Hapus', ubah: 'Ubah' };
const BATAS_TAMPIL = 50;


// A section with a heading that names it for assistive technology.
const bagian = (teks, ...isi) => bagianLayar(uid('bag'), teks, ...isi);

function navKeuangan(aktif) {
	const item = (k, href, teks) => h('li', null, h('a', { href, 'aria-current': aktif === k ? 'page' : null }, teks));
	return h('nav', { class: 'sub-menu', 'aria-label': 'Bagian keuangan' },
		h('ul', null, item('dokumen', '#/keuangan', 'Dokumen anggaran'), item('kantong', '#/keuangan/kantong', 'Kantong dan entri')));
}

function namaDokumen(ctx, d) {
	return `${JENIS[d.jenis] || d.jenis}${d.opd_kode ? ' ' + ctx.namaOpd(d.opd_kode) : ''} TA ${d.tahun}`;
}

const pendek = (hash) => (hash ? hash.slice(0, 12) + '…' : '–');
const kodeHash = (hash) => (hash ? h('code', { title: hash }, pendek(hash)) : '–');

function jumlahkan(list, f) {
	let s = 0n;
	for (const x of list) s += sen(f(x));
	return fromUnits(s, 2);
}

function selisih(baru, lama) {
	return fromUnits(sen(baru) - sen(lama), 2);
}

function hariIni(tahun) {
	const now = tanggalHariIni();
	return now.startsWith(String(tahun)) ? now : `${tahun}-01-02`;
}

// The last date a posting of @tahun may carry: today (pagu's, see api.js) or the year's end.
function tanggalMaks(tahun) {
	const now = tanggalHariIni();
	return now.startsWith(String(tahun)) ? now : `${tahun}-12-31`;
}

// A rules evaluation for a dialog: every rule, or a note that none applies.
function ringkasAturan(rules) {
	const berlaku = (rules && rules.results || []).filter((r) => r.applies !== false);
	if (!berlaku.length) return h('p', { class: 'catatan' }, 'Tidak ada aturan yang berlaku untuk tindakan ini.');
	return hasilAturan(rules);
}

// Adds a total row under a table made by tabel().
function tambahTotal(wadah, sel) {
	wadah.querySelector('table').append(h('tfoot', null, h('tr', { class: 'total' }, sel)));
	return wadah;
}

export async function tampilkan(el, ctx, args) {
	const [bag, arg] = args;
	el.classList.add('layar-keuangan');
	if (bag === 'dokumen' && arg) return halamanDokumen(el, ctx, arg);
	if (bag === 'kantong') return halamanKantong(el, ctx);
	return daftarDokumen(el, ctx);
}

/* ---------- the documents of the year ---------- */

async function daftarDokumen(el, ctx) {
	const tahun = ctx.tahun;
	const semuaDok = (await semua(ctx.p(`dokumen?tahun=${tahun}`))).filter((d) => URUTAN.includes(d.jenis));
	const kelompok = new Map();
	for (const d of semuaDok) {
		const k = `${d.jenis}|${d.opd_kode || ''}`;
		if (!kelompok.has(k)) kelompok.set(k, []);
		kelompok.get(k).push(d);
	}
	for (const v of kelompok.values()) v.sort((a, b) => a.versi - b.versi);

	const bagianJenis = URUTAN.map((jenis) => {
		const dok = [...kelompok.entries()].filter(([k]) => k.startsWith(jenis + '|')).map(([, v]) => v)
			.sort((a, b) => (a[0].opd_kode || '').localeCompare(b[0].opd_kode || ''));
		const hitung = {};
		for (const v of dok) { const s = v[v.length - 1].status; hitung[s] = (hitung[s] || 0) + 1; }
		const ringkas = Object.entries(hitung).map(([s, n]) => `${n} ${lencanaTeks(s)}`).join(', ');
		const kolomOpd = jenis === 'rka' || jenis === 'dpa';
		const isi = [];
		isi.push(h('p', { class: 'catatan' }, dok.length ? `${dok.length} dokumen: ${ringkas}.` : `Belum ada ${JENIS[jenis]} untuk TA ${tahun}.`));
		if (!dok.length && (jenis === 'kua_ppas' || jenis === 'apbd') && ctx.bisaDokumen(jenis, 'create', null)) {
			const slot = h('div', { class: 'slot', 'aria-live': 'polite' });
			const btn = h('button', { type: 'button', class: 'utama', onclick: () => sibuk(btn, slot, async () => {
				const d = await post(ctx.p('dokumen'), { tahun, jenis });
				location.hash = '#/keuangan/dokumen/' + d.id;
			}) }, `Buat ${JENIS[jenis]} TA ${tahun}`);
			isi.push(h('div', { class: 'aksi' }, btn), slot);
		}
		if (dok.length) {
			isi.push(tabel([
				{ judul: 'Dokumen', isi: (v) => { const d = v[v.length - 1]; return h('a', { href: '#/keuangan/dokumen/' + d.id }, namaDokumen(ctx, d)); } },
				kolomOpd ? { judul: 'Kode OPD', isi: (v) => v[0].opd_kode } : null,
				{ judul: 'Versi terakhir', isi: (v) => String(v[v.length - 1].versi) },
				{ judul: 'Tahap', isi: (v) => lencanaTahap(v[v.length - 1]) },
				{ judul: 'Status', isi: (v) => lencanaStatus(v[v.length - 1].status) },
				{ judul: 'Dibuat', isi: (v) => tanggal(v[v.length - 1].dibuat) },
				{ judul: 'Dikunci', isi: (v) => tanggal(v[v.length - 1].dikunci) },
				{ judul: 'Versi terkunci', isi: (v) => String(v.filter((x) => x.status === 'locked').length) },
			].filter(Boolean), dok));
		}
		return bagian(JUDUL_JENIS[jenis], ...isi);
	});

	el.replaceChildren(
		judul('Keuangan', `Dokumen anggaran TA ${tahun}: KUA-PPAS, RKA, APBD dan DPA dengan statusnya. Pilih dokumen untuk melihat baris, versi, perbandingan, rantai hash dan tindakan.`),
		navKeuangan('dokumen'), ...bagianJenis);
}

function lencanaTeks(s) {
	return { draft: 'draf', submitted: 'diajukan', verified: 'diverifikasi', locked: 'dikunci', rejected: 'ditolak' }[s] || s;
}

/* ---------- one document version ---------- */

async function halamanDokumen(el, ctx, idTeks, pesan = null) {
	const id = Number(idTeks);
	if (!Number.isInteger(id) || id < 1) throw new Error(`“${idTeks}” bukan nomor dokumen.`);
	const { data: d, etag } = await panggil('GET', ctx.p(`dokumen/${id}`));
	const filterVersi = `dokumen?tahun=${d.tahun}&jenis=${d.jenis}` + (d.opd_kode ? `&opd=${encodeURIComponent(d.opd_kode)}` : '');
	const adaTemuan = Array.isArray(d.temuan) && d.temuan.length > 0;
	const [versiAll, rantai, riwayat, banding, apbdTemuan, paket, riwayatDok] = await Promise.all([
		semua(ctx.p(filterVersi)),
		get(ctx.p(`dokumen/${id}/verifikasi`)).catch((e) => e),
		get(ctx.p(`dokumen/${id}/rules`)).catch((e) => e),
		adaPerbandingan(d) ? get(ctx.p(`dokumen/${id}/perbandingan`)).catch((e) => e) : null,
		// a DPA's findings are its APBD's: which version
		d.temuan_dari ? get(ctx.p(`dokumen/${d.temuan_dari}`)).catch(() => null) : null,
		// the pack in force names the rules of the findings by their titles
		adaTemuan ? get(ctx.p('rules')).catch(() => null) : null,
		muatRiwayat(ctx, id),
	]);
	const versi = versiAll.filter((v) => (v.opd_kode || null) === (d.opd_kode || null)).sort((a, b) => a.versi - b.versi);
	const terakhir = versi.length ? versi[versi.length - 1] : d;
	const nama = namaDokumen(ctx, d);
	// Draws the page again (status, lines, history) with @p in the action slot, focused.
	const muatUlang = async (p) => {
		await halamanDokumen(el, ctx, id, p);
		const s = el.querySelector('.slot-aksi');
		if (s && s.firstChild) {
			s.setAttribute('tabindex', '-1');
			s.focus();
		}
	};

	const slot = h('div', { class: 'slot slot-aksi', 'aria-live': 'polite' }, pesan);
	const baris = Array.isArray(d.baris) ? d.baris : [];

	el.replaceChildren(
		judul(nama, `Versi ${d.versi}${d.id !== terakhir.id ? ` (versi terakhir: ${terakhir.versi})` : ''} · ${teksTahap(d)} · dokumen #${d.id}`),
		navKeuangan('dokumen'),
		kotakDikembalikan(riwayatDok, d) || '',
		ringkasanDokumen(ctx, d, baris),
		bagianTemuan(d, apbdTemuan, paket),
		bagian('Tindakan', tombolAksi(ctx, d, etag, baris, terakhir, slot, muatUlang, nama), slot),
		...(banding ? [bagianPerbandingan(ctx, d, banding)] : []),
		bagianBaris(ctx, d, baris, etag, muatUlang),
		bagianVersi(ctx, d, versi),
		bagianRantai(ctx, d, rantai),
		bagianRiwayatDokumen(riwayatDok),
		bagianRiwayat(riwayat));
}

function ringkasanDokumen(ctx, d, baris) {
	const item = (label, nilai, cls) => h('div', null, h('div', { class: 'label' }, label), h('div', { class: cls || null }, nilai));
	let total;
	if (d.jenis === 'kua_ppas') {
		total = item('Jumlah plafon OPD', rupiah(jumlahkan(baris.filter((b) => b.jenis === 'opd'), (b) => b.jumlah)), 'angka-besar');
	} else if (d.jenis === 'rkpd') {
		total = item('Jumlah pagu indikatif', rupiah(jumlahkan(baris, (b) => b.pagu_indikatif)), 'angka-besar');
	} else {
		// pendapatan, belanja and pembiayaan are never added together
		total = item('Total belanja', rupiah(d.total.belanja), 'angka-besar total-dokumen');
	}
	const lain = d.jenis === 'rkpd' ? [] : [['Total pendapatan', 'pendapatan'], ['Penerimaan pembiayaan', 'penerimaan_pembiayaan'],
		['Pengeluaran pembiayaan', 'pengeluaran_pembiayaan']]
		.filter(([, k]) => d.total[k] !== '0.00').map(([label, k]) => item(label, rupiah(d.total[k]), 'angka-besar'));
	return h('div', { class: 'kartu kisi ringkasan-dokumen' },
		item('Status', lencanaStatus(d.status)),
		item('Tahap', lencanaTahap(d)),
		total,
		...lain,
		item('Jumlah baris', angka(String(baris.length))),
		item('Versi / revisi', `${d.versi} / ${d.revisi}`),
		item('Dibuat', tanggal(d.dibuat)),
		item('Dikunci', tanggal(d.dikunci)),
		item('Hash', kodeHash(d.hash)),
		item('Hash versi terkunci sebelumnya', kodeHash(d.hash_sebelum)),
		d.asal_id ? item('Diturunkan dari', h('a', { href: '#/keuangan/dokumen/' + d.asal_id }, `dokumen #${d.asal_id}`)) : null);
}

function tombolAksi(ctx, d, etag, baris, terakhir, slot, muatUlang, nama) {
	const opd = d.opd_kode || null;
	const boleh = (aksi) => ctx.bisaDokumen(d.jenis, aksi, opd) && ctx.bisa('POST', 'dokumen/{id}/transisi');
	const wadah = h('div', { class: 'aksi' });

	// submit / verify / lock: a dry run of the rules first, every result in the dialog
	const transisi = (aksi) => {
		const btn = h('button', { type: 'button', class: aksi === 'lock' ? 'utama' : null, onclick: () => sibuk(btn, slot, async () => {
			const ev = await post(ctx.p('rules/evaluate'), { dokumen_id: d.id, aksi }, { safe: true });
			const info = AKSI[aksi];
			const isi = [
				h('p', null, info.ket),
				ev.would_pass
					? h('p', { class: 'sukses' }, 'Menurut uji coba aturan yang berlaku saat ini, tindakan ini akan diterima.')
					: h('div', { class: 'galat peringatan-aturan' }, h('strong', null,
						`Aturan yang berlaku akan menolak tindakan ini: ${ev.rules.errors} aturan dilanggar.`),
					' Anda tetap dapat mencoba; server akan menolaknya dan mencatat penolakan beserta alasannya.'),
				h('h3', null, 'Hasil uji coba aturan'),
				ringkasAturan(ev.rules),
			];
			const ya = await konfirmasi(`${info.label} ${nama}?`, isi, `${info.label} sekarang`);
			if (!ya) return;
			let r;
			try {
				r = await post(ctx.p(`dokumen/${d.id}/transisi`), { aksi }, { ifMatch: etag });
			} catch (err) {
				// refused by the rules: shown with every violation and citation, and the history now has it
				if (err instanceof ApiError && err.slug === 'rules-refused') return muatUlang(kotakGalat(err));
				throw err;
			}
			const teks = aksi === 'lock' ? `Dokumen ${info.kata} dan disegel. Hash: ${r.hash}` : `Dokumen ${info.kata}.`;
			const warn = adaCatatanAturan(r.rules) ? hasilAturan(r.rules, { hanyaGagal: true }) : null;
			await muatUlang(h('div', { class: 'sukses', role: 'status' }, teks, warn));
		}) }, AKSI[aksi].label);
		return btn;
	};
	if (d.status === 'draft' && boleh('submit')) wadah.append(transisi('submit'));
	if (d.status === 'submitted' && boleh('verify')) wadah.append(transisi('verify'));
	if (d.status === 'verified' && boleh('lock')) wadah.append(transisi('lock'));

	if ((d.status === 'submitted' || d.status === 'verified') && boleh('reject')) {
		const btn = h('button', { type: 'button', class: 'bahaya', onclick: () => sibuk(btn, slot, async () => {
			const alasan = h('textarea', { name: 'alasan', rows: 3, maxlength: 1000, required: true });
			const ya = await konfirmasi(`Tolak ${nama}?`, [
				h('p', null, 'Dokumen kembali menjadi draf agar dapat diperbaiki oleh penyusunnya. Alasan penolakan dicatat.'),
				kolom('Alasan penolakan', alasan)], 'Tolak dokumen');
			if (!ya) return;
			if (!alasan.value.trim()) throw galatIsian('/alasan', 'Tuliskan alasan penolakan.');
			await post(ctx.p(`dokumen/${d.id}/transisi`), { aksi: 'reject', alasan: alasan.value.trim() }, { ifMatch: etag });
			await muatUlang(h('div', { class: 'sukses', role: 'status' }, 'Dokumen ditolak dan kembali menjadi draf.'));
		}) }, 'Tolak');
		wadah.append(btn);
	}

	if (d.status === 'locked' && d.id === terakhir.id && ctx.bisaDokumen(d.jenis, 'derive', opd) && ctx.bisa('POST', 'dokumen/{id}/turunan')) {
		const btn = h('button', { type: 'button', onclick: () => sibuk(btn, slot, async () => {
			const alasan = h('textarea', { name: 'alasan', rows: 3, maxlength: 1000, required: true });
			const ya = await konfirmasi(`Buat versi baru ${nama}?`, [
				h('p', null, `Versi ${d.versi + 1} dibuat sebagai draf dengan semua baris versi ini (pergeseran atau perubahan anggaran).`),
				kolom('Alasan versi baru', alasan)], 'Buat versi');
			if (!ya) return;
			if (!alasan.value.trim()) throw galatIsian('/alasan', 'Tuliskan alasan versi baru.');
			const baru = await post(ctx.p(`dokumen/${d.id}/turunan`), { alasan: alasan.value.trim() });
			location.hash = '#/keuangan/dokumen/' + baru.id;
		}) }, 'Buat versi baru');
		wadah.append(btn);
	}

	// An empty draft APBD is assembled; one with lines (after a refused lock, or a fixed RKA) is
	// assembled again: its lines are replaced in one transaction, unchanged ones keep their number.
	if (d.jenis === 'apbd' && d.status === 'draft' && ctx.bisaDokumen('apbd', 'edit', null) && ctx.bisa('POST', 'dokumen/{id}/susun')) {
		const ulang = baris.length > 0;
		const btn = h('button', { type: 'button', class: 'utama', onclick: () => sibuk(btn, slot, async () => {
			const ya = await konfirmasi(ulang ? 'Susun ulang APBD dari RKA?' : 'Susun APBD dari RKA?', h('p', null,
				(ulang ? `Semua ${baris.length} baris APBD ini diganti dalam satu transaksi dengan baris ` : 'Baris APBD diisi dari ')
				+ `RKA terakhir setiap OPD TA ${d.tahun} yang sudah diverifikasi atau dikunci; setiap baris mencatat asalnya.`), ulang ? 'Susun ulang' : 'Susun');
			if (!ya) return;
			const { data: r } = await panggil('POST', ctx.p(`dokumen/${d.id}/susun`), { ifMatch: etag }); // no body
			await muatUlang(h('div', { class: 'sukses', role: 'status' }, `APBD disusun: ${angka(String(r.baris))} baris dari ${r.rka} RKA.`));
		}) }, ulang ? 'Susun ulang dari RKA' : 'Susun dari RKA');
		wadah.append(btn);
	}

	if (d.jenis === 'dpa' && d.status === 'draft' && ctx.bisaDokumen('dpa', 'kas', opd) && ctx.bisa('POST', 'dokumen/{id}/anggaran-kas')) {
		const kurang = baris.filter((b) => !Array.isArray(b.anggaran_kas) || b.anggaran_kas.length !== 12);
		if (kurang.length) {
			const btn = h('button', { type: 'button', onclick: () => sibuk(btn, slot, async () => {
				const ya = await konfirmasi('Isi anggaran kas rata?', h('p', null,
					`${kurang.length} baris belum punya anggaran kas. Setiap baris dibagi rata ke dua belas bulan dalam sen utuh; sisanya di bulan Desember.`), 'Isi anggaran kas');
				if (!ya) return;
				const prog = h('p', { role: 'status' });
				slot.replaceChildren(prog);
				let i = 0;
				for (const b of kurang) {
					prog.textContent = `Mengisi anggaran kas baris ${++i} dari ${kurang.length}…`;
					await post(ctx.p(`dokumen/${d.id}/anggaran-kas`), { baris: b.baris, rata: true });
				}
				await muatUlang(h('div', { class: 'sukses', role: 'status' }, `Anggaran kas ${kurang.length} baris diisi rata.`));
			}) }, 'Isi anggaran kas rata');
			wadah.append(btn);
		}
	}

	const csv = h('button', { type: 'button', onclick: () => sibuk(csv, slot, () =>
		unduh(ctx.p(`dokumen/${d.id}/csv`), `${d.jenis}-${d.opd_kode || ctx.pemda}-${d.tahun}-v${d.versi}.csv`)) }, 'Unduh CSV');
	wadah.append(csv);

	const isi = [wadah];
	if (d.jenis === 'apbd' && d.status === 'locked' && ctx.bisaDokumen('dpa', 'create', null) && ctx.bisa('POST', 'dokumen/{id}/dpa')) {
		isi.push(formDpa(ctx, d, baris, slot));
	}
	if (wadah.children.length === 1) {
		isi.push(h('p', { class: 'catatan' }, `Tidak ada tindakan lain untuk peran Anda pada dokumen berstatus ${lencanaTeks(d.status)}.`));
	}
	return isi;
}

// A DPA for one OPD from this locked APBD.
function formDpa(ctx, d, baris, slot) {
	const opds = [...new Set(baris.map((b) => b.opd_kode).filter(Boolean))].sort();
	const pilih = h('select', { name: 'opd_kode', required: true },
		opds.map((k) => h('option', { value: k }, `${ctx.namaOpd(k)} (${k})`)));
	const btn = h('button', { type: 'submit', class: 'utama' }, 'Buat DPA');
	const form = h('form', { class: 'form form-dpa', onsubmit: (e) => {
		e.preventDefault();
		sibuk(btn, slot, async () => {
			const dpa = await post(ctx.p(`dokumen/${d.id}/dpa`), { opd_kode: pilih.value });
			location.hash = '#/keuangan/dokumen/' + dpa.id;
		}, form);
	} }, kolom('OPD untuk DPA', pilih, 'Baris DPA = baris OPD itu di APBD ini (versi DPA berikutnya).'), h('div', null, btn));
	return h('div', null, h('h3', null, 'DPA dari APBD ini'), opds.length ? form : h('p', { class: 'catatan' }, 'APBD ini belum punya baris OPD.'));
}

function bagianBaris(ctx, d, baris, etag, muatUlang) {
	const bolehUbah = d.jenis === 'kua_ppas' && d.status === 'draft' && ctx.bisaDokumen('kua_ppas', 'edit', null);
	let cols;
	if (d.jenis === 'kua_ppas') {
		cols = [
			{ judul: 'Baris', isi: (b) => String(b.baris), angka: true },
			{ judul: 'Jenis', isi: (b) => JENIS_PLAFON[b.jenis] || b.jenis },
			{ judul: 'OPD', isi: (b) => (b.opd_kode ? `${ctx.namaOpd(b.opd_kode)} (${b.opd_kode})` : '–') },
			{ judul: 'Sub kegiatan', isi: (b) => b.sub_kegiatan || '–' },
			{ judul: 'Jumlah', isi: (b) => rupiah(b.jumlah), angka: true },
		];
	} else if (d.jenis === 'rkpd') {
		cols = [
			{ judul: 'Baris', isi: (b) => String(b.baris), angka: true },
			{ judul: 'OPD', isi: (b) => ctx.namaOpd(b.opd_kode) },
			{ judul: 'Sub kegiatan', isi: (b) => b.sub_kegiatan },
			{ judul: 'Indikator', isi: (b) => b.indikator },
			{ judul: 'Target', isi: (b) => `${angka(b.target)} ${b.satuan || ''}`, angka: true },
			{ judul: 'Pagu indikatif', isi: (b) => rupiah(b.pagu_indikatif), angka: true },
		];
	} else {
		cols = [
			{ judul: 'Baris', isi: (b) => String(b.baris), angka: true },
			d.jenis === 'apbd' ? { judul: 'OPD', isi: (b) => ctx.namaOpd(b.opd_kode) } : null,
			{ judul: 'Sub kegiatan', isi: (b) => b.sub_kegiatan },
			{ judul: 'Kode rekening', isi: (b) => b.akun },
			{ judul: 'Uraian', isi: (b) => b.uraian },
			{ judul: 'Koefisien', isi: (b) => (Array.isArray(b.koefisien) ? b.koefisien.join(' × ') : '') },
			{ judul: 'Harga satuan', isi: (b) => rupiah(b.harga_satuan), angka: true },
			{ judul: 'Jumlah', isi: (b) => rupiah(b.jumlah), angka: true },
			{ judul: 'Sumber dana', isi: (b) => b.sumber_dana || '–' },
			d.jenis === 'dpa' ? { judul: 'Anggaran kas', isi: (b) => (Array.isArray(b.anggaran_kas) && b.anggaran_kas.length === 12 ? 'Lengkap' : 'Belum') } : null,
		].filter(Boolean);
	}
	const slotBaris = h('div', { class: 'slot', 'aria-live': 'polite' });
	if (bolehUbah) {
		cols.push({ judul: 'Hapus', isi: (b) => {
			const btn = h('button', { type: 'button', 'aria-label': `Hapus baris ${b.baris}`, onclick: () => sibuk(btn, slotBaris, async () => {
				await panggil('DELETE', ctx.p(`dokumen/${d.id}/baris/${b.baris}`), { ifMatch: etag });
				await muatUlang(h('div', { class: 'sukses', role: 'status' }, `Baris ${b.baris} dihapus.`));
			}) }, 'Hapus');
			return btn;
		} });
	}

	const wadah = h('div');
	const cari = h('input', { type: 'search', name: 'cari', autocomplete: 'off' });
	let semuaTampil = false;
	const gambar = () => {
		const q = cari.value.trim().toLowerCase();
		const cocok = q ? baris.filter((b) => [b.sub_kegiatan, b.akun, b.uraian, b.opd_kode, b.indikator, b.jenis]
			.some((x) => x && String(x).toLowerCase().includes(q))) : baris;
		const tampil = semuaTampil ? cocok : cocok.slice(0, BATAS_TAMPIL);
		const t = tabel(cols, tampil, { caption: `Baris ${namaDokumen(ctx, d)}, versi ${d.versi}`, kosong: q ? 'Tidak ada baris yang cocok.' : 'Dokumen ini belum punya baris.' });
		if (!q && baris.length && d.jenis !== 'kua_ppas' && d.jenis !== 'rkpd') {
			const iJumlah = cols.findIndex((c) => c.judul === 'Jumlah');
			tambahTotal(t, cols.map((c, i) => h('td', { class: c.angka ? 'num' : null },
				i === 0 ? 'Total belanja' : i === iJumlah ? rupiah(d.total.belanja) : '')));
		}
		const lebih = cocok.length > tampil.length
			? h('div', { class: 'aksi' }, h('span', null, `Menampilkan ${tampil.length} dari ${angka(String(cocok.length))} baris.`),
				h('button', { type: 'button', onclick: () => { semuaTampil = true; gambar(); } }, 'Tampilkan semua baris'))
			: null;
		wadah.replaceChildren(...[t, lebih].filter(Boolean));
	};
	cari.addEventListener('input', gambar);
	gambar();
	return bagian('Baris', baris.length > 10 ? h('div', { class: 'form cari-baris' }, kolom('Cari baris', cari, 'Sub kegiatan, kode rekening, OPD atau uraian')) : null,
		slotBaris, wadah, bolehUbah ? formPlafon(ctx, d, etag, muatUlang) : null);
}

// A KUA-PPAS draft's lines: plafon per OPD and sub kegiatan, pendapatan, pembiayaan.
function formPlafon(ctx, d, etag, muatUlang) {
	const jenis = h('select', { name: 'jenis' }, Object.entries(JENIS_PLAFON).map(([k, v]) => h('option', { value: k }, v)));
	const opd = h('select', { name: 'opd_kode' }, h('option', { value: '' }, '– tanpa OPD –'),
		ctx.opd.map((o) => h('option', { value: o.kode }, `${o.singkatan || o.nama} (${o.kode})`)));
	const sub = h('input', { name: 'sub_kegiatan', autocomplete: 'off', placeholder: '1.02.02.2.01.0016' });
	const jumlah = h('input', { name: 'jumlah', inputmode: 'decimal', autocomplete: 'off', placeholder: '1.250.000.000,00', required: true });
	const btn = h('button', { type: 'submit', class: 'utama' }, 'Tambah baris plafon');
	const slotForm = h('div', { class: 'slot', 'aria-live': 'polite' });
	const form = h('form', { class: 'form', onsubmit: (e) => {
		e.preventDefault();
		sibuk(btn, slotForm, async () => {
			const j = parseRupiah(jumlah.value);
			if (j === null) throw galatIsian('/jumlah', `“${jumlah.value}” bukan jumlah uang; tulis seperti 1.250.000,00`, 'invalid-amount');
			const body = { jenis: jenis.value, jumlah: j };
			if (opd.value) body.opd_kode = opd.value;
			if (sub.value.trim()) body.sub_kegiatan = sub.value.trim();
			await post(ctx.p(`dokumen/${d.id}/baris`), body, { ifMatch: etag });
			await muatUlang(h('div', { class: 'sukses', role: 'status' }, 'Baris plafon ditambahkan.'));
		}, form);
	} },
	kolom('Jenis baris', jenis), kolom('OPD', opd), kolom('Sub kegiatan', sub, 'Untuk plafon sub kegiatan'),
	kolom('Jumlah (Rp)', jumlah), h('div', null, btn));
	return h('div', null, h('h3', null, 'Tambah baris KUA-PPAS'), form, slotForm);
}

function bagianVersi(ctx, d, versi) {
	const t = tabel([
		{ judul: 'Versi', isi: (v) => (v.id === d.id ? h('span', null, `Versi ${v.versi} (ditampilkan)`)
			: h('a', { href: '#/keuangan/dokumen/' + v.id }, `Versi ${v.versi}`)) },
		{ judul: 'Tahap', isi: (v) => lencanaTahap(v) },
		{ judul: 'Status', isi: (v) => lencanaStatus(v.status) },
		{ judul: 'Dibuat', isi: (v) => tanggal(v.dibuat) },
		{ judul: 'Dikunci', isi: (v) => tanggal(v.dikunci) },
		{ judul: 'Hash', isi: (v) => kodeHash(v.hash) },
	], versi, { baris: (v) => (v.id === d.id ? { class: 'pilih', 'aria-current': 'true' } : null) });
	const lain = versi.filter((v) => v.id !== d.id);
	if (!lain.length) {
		return bagian('Versi dan perbandingan', t, h('p', { class: 'catatan' },
			'Baru ada satu versi; perbandingan tersedia setelah versi baru diturunkan dari versi yang terkunci.'));
	}
	const pilih = h('select', { name: 'dengan' }, lain.map((v) => h('option', { value: v.id, selected: v.versi === d.versi - 1 || null },
		`Versi ${v.versi} (${lencanaTeks(v.status)}${v.tahap && v.tahap !== 'murni' ? ', ' + teksTahap(v).toLowerCase() : ''})`)));
	const hasil = h('div', { class: 'hasil-diff', 'aria-live': 'polite' });
	const btn = h('button', { type: 'submit' }, 'Bandingkan');
	const form = h('form', { class: 'form', onsubmit: (e) => {
		e.preventDefault();
		sibuk(btn, hasil, async () => {
			const lawan = versi.find((v) => String(v.id) === pilih.value);
			const [lama, baru] = lawan.versi < d.versi ? [lawan, d] : [d, lawan];
			const r = await get(ctx.p(`dokumen/${baru.id}/diff?dengan=${lama.id}`));
			hasil.replaceChildren(tabelDiff(ctx, r, lama, baru));
		}, form);
	} }, kolom('Bandingkan dengan versi', pilih), h('div', null, btn));
	return bagian('Versi dan perbandingan', t, form, hasil);
}

function tabelDiff(ctx, r, lama, baru) {
	const rows = r.baris || [];
	const t = tabel([
		{ judul: 'Perubahan', isi: (b) => h('span', { class: 'lencana ubah-' + b.aksi }, PERUBAHAN[b.aksi] || b.aksi) },
		{ judul: 'Baris', isi: (b) => String(b.baris), angka: true },
		{ judul: 'OPD', isi: (b) => (b.opd_kode ? ctx.namaOpd(b.opd_kode) : '–') },
		{ judul: 'Sub kegiatan', isi: (b) => b.sub_kegiatan || '–' },
		{ judul: 'Kode rekening', isi: (b) => b.akun || '–' },
		{ judul: 'Uraian', isi: (b) => b.uraian || '–' },
		{ judul: `Lama (versi ${lama.versi})`, isi: (b) => rupiah(b.lama), angka: true },
		{ judul: `Baru (versi ${baru.versi})`, isi: (b) => rupiah(b.baru), angka: true },
		{ judul: 'Selisih', isi: (b) => rupiah(selisih(b.baru, b.lama)), angka: true },
	], rows, { caption: `Perubahan dari versi ${lama.versi} ke versi ${baru.versi}`, kosong: 'Tidak ada perubahan baris.', class: 'tabel-diff' });
	tambahTotal(t, [h('td', { colspan: 8 }, 'Selisih bersih belanja'), h('td', { class: 'num' }, rupiah(r.selisih.belanja))]);
	const hitung = (a) => rows.filter((b) => b.aksi === a).length;
	// by kind: a change of pendapatan never nets against one of belanja
	const lain = [['pendapatan', 'pendapatan'], ['penerimaan pembiayaan', 'penerimaan_pembiayaan'], ['pengeluaran pembiayaan', 'pengeluaran_pembiayaan']]
		.filter(([, k]) => r.selisih[k] !== '0.00').map(([label, k]) => `, ${label} ${rupiah(r.selisih[k])}`).join('');
	return h('div', null,
		h('h3', null, `Perubahan dari versi ${lama.versi} ke versi ${baru.versi}`),
		h('p', { class: 'ringkas-diff' }, `${hitung('tambah')} baris ditambah, ${hitung('hapus')} dihapus, ${hitung('ubah')} diubah; selisih bersih belanja ${rupiah(r.selisih.belanja)}${lain}.`),
		t);
}

// The findings the rules recorded on this version (a DPA: on its APBD), each with its citation.
function bagianTemuan(d, apbd, paket) {
	const items = Array.isArray(d.temuan) ? d.temuan : [];
	const dari = d.temuan_dari
		? h('p', { class: 'catatan', id: 'temuan-dari' }, 'Temuan DPA adalah temuan APBD-nya: ',
			h('a', { href: '#/keuangan/dokumen/' + d.temuan_dari }, apbd ? `dari APBD versi ${apbd.versi}` : `dari APBD (dokumen #${d.temuan_dari})`), '.')
		: null;
	if (d.jenis === 'dpa' && d.temuan_dari === null) {
		return bagian('Temuan aturan', h('p', { class: 'catatan' }, 'Belum ada APBD terkunci tahun ini; belum ada temuan.'));
	}
	if (!items.length) {
		return bagian('Temuan aturan', dari, h('p', { class: 'catatan', id: 'tanpa-temuan-dokumen' },
			'Tidak ada temuan aturan yang tercatat pada versi ini.'));
	}
	return bagian('Temuan aturan', dari,
		h('p', { class: 'catatan' }, `${items.length} temuan: tidak menolak penetapan, tetapi dibawa ke evaluasi APBD dan laporan.`),
		daftarTemuan(items, { judulAturan: (rule) => ((paket && paket.rules) || []).find((r) => r.rule === rule)?.title || rule }));
}

// Before, change and after against the version this one was made from (ui.js).
function bagianPerbandingan(ctx, d, r) {
	return bagian('Perbandingan sebelum dan sesudah', r instanceof Error ? kotakGalat(r) : isiPerbandingan(ctx, d, r));
}

function hasilRantai(r) {
	if (r instanceof Error) return kotakGalat(r);
	if (!r.ok) {
		return h('div', { class: 'galat', role: 'alert' }, h('strong', null, '✗ Rantai hash rusak'),
			h('div', null, `Versi pertama yang tidak cocok: dokumen #${r.pertama_rusak}. Isi atau urutan versi terkunci telah diubah di luar pagu.`));
	}
	if (!r.versi_diperiksa) {
		return h('p', { class: 'catatan', role: 'status' }, 'Belum ada versi terkunci; belum ada hash untuk diperiksa.');
	}
	return h('div', { class: 'sukses', role: 'status' },
		`✓ Rantai hash utuh: ${r.versi_diperiksa} versi terkunci dihitung ulang dan cocok.`);
}

function bagianRantai(ctx, d, r) {
	const hasil = h('div', { class: 'hasil-rantai' }, hasilRantai(r));
	const btn = h('button', { type: 'button', onclick: () => sibuk(btn, hasil, async () => {
		hasil.replaceChildren(hasilRantai(await get(ctx.p(`dokumen/${d.id}/verifikasi`))));
	}) }, 'Periksa ulang rantai hash');
	return bagian('Rantai hash', h('p', { class: 'catatan' },
		'Hash setiap versi terkunci dihitung ulang dari isinya dan dicocokkan dengan hash versi sebelumnya.'), hasil, h('div', { class: 'aksi' }, btn));
}

function bagianRiwayat(r) {
	if (r instanceof Error) return bagian('Riwayat evaluasi aturan', kotakGalat(r));
	const items = (r.items || []).slice().reverse();
	const gagal = (e, sev) => (e.results || []).filter((x) => x.applies !== false && !x.passed && x.severity === sev);
	return bagian('Riwayat evaluasi aturan', tabel([
		{ judul: 'Waktu', isi: (e) => tanggal(e.time) },
		{ judul: 'Peristiwa', isi: (e) => namaPeristiwa(e.event) },
		{ judul: 'Hasil', isi: (e) => h('span', { class: 'lencana ' + (e.accepted ? 'status-verified' : 'status-rejected') }, e.accepted ? 'Diterima' : 'Ditolak') },
		{ judul: 'Aturan dilanggar', isi: (e) => {
			const g = gagal(e, 'error');
			return g.length ? h('ul', { class: 'daftar-rapat' }, g.map((x) => h('li', null, h('span', { class: 'aturan-judul', title: x.rule }, x.title || x.rule),
				Array.isArray(x.failures) && x.failures.length > 1
					? h('ul', null, x.failures.slice(0, 10).map((f) => h('li', null, f.message || f.group)))
					: x.message ? ': ' + x.message : ''))) : '–';
		} },
		{ judul: 'Peringatan', isi: (e) => String(gagal(e, 'warning').length), angka: true },
		{ judul: 'Temuan', isi: (e) => String(gagal(e, 'finding').length), angka: true },
		{ judul: 'Paket aturan', isi: (e) => kodeHash(e.pack_hash) },
	], items, { kosong: 'Belum ada evaluasi aturan untuk versi ini.' }));
}

/* ---------- pockets, entries and the ledger ---------- */

async function halamanKantong(el, ctx) {
	const tahun = ctx.tahun;
	const tetapOpd = ctx.sesi.opd_kode;
	const slot = h('div', { class: 'slot', 'aria-live': 'polite' });
	const detail = h('div', { class: 'detail-kantong' });
	const wadahTabel = h('div');
	const ledger = h('div');
	let baris = [], kursor = null, dipilih = null;

	const pilihOpd = h('select', { name: 'opd', disabled: tetapOpd ? true : null },
		tetapOpd ? null : h('option', { value: '' }, 'Semua OPD'),
		ctx.opd.filter((o) => !tetapOpd || o.kode === tetapOpd).map((o) => h('option', { value: o.kode }, `${o.singkatan || o.nama} (${o.kode})`)));
	const sub = h('input', { name: 'sub_kegiatan', autocomplete: 'off', placeholder: '1.02.02.2.01.0016' });
	const akun = h('input', { name: 'akun', autocomplete: 'off', placeholder: '5.1.02' });
	const btnCari = h('button', { type: 'submit', class: 'utama' }, 'Tampilkan');
	const filter = h('form', { class: 'form', onsubmit: (e) => { e.preventDefault(); sibuk(btnCari, slot, () => muat(false), filter); } },
		kolom('OPD', pilihOpd), kolom('Sub kegiatan', sub), kolom('Awalan kode rekening', akun), h('div', null, btnCari));

	const alamat = () => {
		const q = [`tahun=${tahun}`, 'limit=25'];
		const o = tetapOpd || pilihOpd.value;
		if (o) q.push('opd=' + encodeURIComponent(o));
		if (sub.value.trim()) q.push('sub_kegiatan=' + encodeURIComponent(sub.value.trim()));
		if (akun.value.trim()) q.push('akun=' + encodeURIComponent(akun.value.trim()));
		return ctx.p('ledger/kantong?' + q.join('&'));
	};

	const gambar = () => {
		const satuOpd = baris.length && baris.every((k) => k.opd_kode === baris[0].opd_kode) && (tetapOpd || pilihOpd.value) ? baris[0].opd_kode : null;
		const t = tabel([
			{ judul: 'Kantong', isi: (k) => '#' + k.kantong_id, angka: true },
			{ judul: 'Entri', isi: (k) => h('button', { type: 'button', 'aria-label': `Lihat entri kantong ${k.kantong_id}`,
				onclick: () => sibuk(null, detail, () => tampilDetail(k)) }, 'Lihat entri') },
			satuOpd ? null : { judul: 'OPD', isi: (k) => ctx.namaOpd(k.opd_kode) },
			{ judul: 'Sub kegiatan', isi: (k) => k.sub_kegiatan || '–' },
			{ judul: 'Kode rekening', isi: (k) => k.akun },
			{ judul: 'Arah', isi: (k) => (k.arah === 'masuk' ? 'Penerimaan' : 'Belanja') },
			{ judul: 'Alokasi / target', isi: (k) => rupiah(k.alokasi), angka: true },
			{ judul: 'Dalam proses (SPM)', isi: (k) => rupiah(k.pending), angka: true },
			{ judul: 'Realisasi', isi: (k) => rupiah(k.realisasi), angka: true },
			{ judul: 'Tersedia', isi: (k) => (k.arah === 'masuk' ? '–' : rupiah(k.tersedia)), angka: true },
		].filter(Boolean), baris, { caption: `Kantong TA ${tahun}${satuOpd ? ' · ' + ctx.namaOpd(satuOpd) : ''}`, kosong: `Belum ada kantong untuk pilihan ini. Kantong terbentuk saat DPA TA ${tahun} dikunci.`,
			baris: (k) => (dipilih && k.kantong_id === dipilih.kantong_id ? { class: 'pilih', 'aria-current': 'true' } : null) });
		const keluar = baris.filter((k) => k.arah !== 'masuk');
		if (keluar.length) {
			tambahTotal(t, [h('td', { colspan: satuOpd ? 5 : 6 }, `Jumlah belanja (${keluar.length} kantong ditampilkan)`),
				h('td', { class: 'num' }, rupiah(jumlahkan(keluar, (k) => k.alokasi))),
				h('td', { class: 'num' }, rupiah(jumlahkan(keluar, (k) => k.pending))),
				h('td', { class: 'num' }, rupiah(jumlahkan(keluar, (k) => k.realisasi))),
				h('td', { class: 'num' }, rupiah(jumlahkan(keluar, (k) => k.tersedia)))]);
		}
		const lagi = kursor ? h('button', { type: 'button', onclick: (e) => sibuk(e.currentTarget, slot, () => muat(true)) }, 'Muat kantong berikutnya') : null;
		wadahTabel.replaceChildren(t, h('div', { class: 'aksi' }, h('span', { class: 'catatan' }, `${baris.length} kantong ditampilkan.`), lagi));
	};

	async function muat(lanjut) {
		const d = await get(alamat() + (lanjut && kursor ? '&cursor=' + encodeURIComponent(kursor) : ''));
		baris = lanjut ? baris.concat(d.items) : d.items;
		kursor = d.next_cursor;
		if (!lanjut) { dipilih = null; detail.replaceChildren(); }
		gambar();
	}

	// The entries behind a pocket (those with a line on it): the first 2,000, the newest 300 of them
	// with their lines. A pocket chosen later wins over a slow earlier one.
	let giliranDetail = 0;
	async function tampilDetail(k) {
		const saya = ++giliranDetail;
		dipilih = k;
		gambar();
		detail.replaceChildren(h('p', { role: 'status' }, `Memuat entri kantong #${k.kantong_id}…`));
		const daftar = await semua(ctx.p(`ledger/entri?tahun=${k.tahun}&kantong=${k.kantong_id}`), 2000);
		if (saya !== giliranDetail) return;
		const periksa = daftar.slice(-300);
		const rinci = [];
		for (let i = 0; i < periksa.length; i += 8) {
			rinci.push(...await Promise.all(periksa.slice(i, i + 8).map((e) => get(ctx.p(`ledger/entri/${e.entri_id}`)))));
		}
		const terkait = [];
		let saldoOpd = null, kini = k;
		for (const r of rinci) {
			const e = r.entri;
			saldoOpd = e.opd || saldoOpd;
			const bs = (e.baris || []).filter((b) => b.kantong_id === k.kantong_id);
			if (bs.length) terkait.push({ e, b: bs });
			const kk = (e.kantong || []).find((x) => x.kantong_id === k.kantong_id);
			if (kk) kini = kk;
		}
		if (saya !== giliranDetail) return;
		gambarDetail(kini, terkait, saldoOpd, daftar.length > periksa.length ? daftar.length - periksa.length : 0);
	}

	function gambarDetail(k, terkait, saldoOpd, tidakDiperiksa) {
		const hid = uid('kantong');
		const item = (label, nilai) => h('div', null, h('div', { class: 'label' }, label), h('div', { class: 'angka-besar' }, nilai));
		const entri = tabel([
			{ judul: 'Entri', isi: ({ e }) => '#' + e.entri_id, angka: true },
			{ judul: 'Jenis', isi: ({ e }) => JENIS_ENTRI[e.jenis] || e.jenis },
			{ judul: 'Nomor', isi: ({ e }) => e.nomor || '–' },
			{ judul: 'Tanggal', isi: ({ e }) => tanggal(e.tanggal) },
			{ judul: 'Jumlah di kantong ini', isi: ({ b }) => rupiah(jumlahkan(b, (x) => x.jumlah)), angka: true },
			{ judul: 'Perubahan dalam proses (SPM)', isi: ({ b }) => rupiah(jumlahkan(b, (x) => x.d_pending)), angka: true },
			{ judul: 'Perubahan realisasi', isi: ({ b }) => rupiah(jumlahkan(b, (x) => x.d_realisasi)), angka: true },
			{ judul: 'Segel', isi: ({ e }) => (e.segel_id ? `Segel #${e.segel_id}` : 'Belum disegel') },
			{ judul: 'Hash', isi: ({ e }) => kodeHash(e.hash) },
		], terkait, { caption: `Entri yang menyentuh kantong #${k.kantong_id}`, kosong: 'Belum ada entri pada kantong ini.' });
		const kas = h('div', null, h('h3', null, 'Anggaran kas per bulan'), h('ul', { class: 'kas-bulan' },
			(k.kas || []).map((x, i) => h('li', null, h('span', { class: 'label' }, namaBulan(i + 1)), h('span', { class: 'num' }, rupiah(x))))));
		detail.replaceChildren(h('section', { 'aria-labelledby': hid, class: 'kantong-terpilih' },
			h('h2', { id: hid, tabindex: '-1' }, `Kantong #${k.kantong_id}: ${ctx.namaOpd(k.opd_kode)} · ${k.sub_kegiatan || 'tanpa sub kegiatan'} · ${k.akun}`),
			h('div', { class: 'kisi' },
				item(k.arah === 'masuk' ? 'Target' : 'Alokasi', rupiah(k.alokasi)), item('Dalam proses (SPM)', rupiah(k.pending)),
				item('Realisasi', rupiah(k.realisasi)), k.arah === 'masuk' ? null : item('Tersedia', rupiah(k.tersedia)),
				saldoOpd ? item('Sisa SPD OPD', rupiah(saldoOpd.sisa_spd)) : null),
			entri,
			tidakDiperiksa ? h('p', { class: 'catatan' }, `${tidakDiperiksa} entri yang lebih lama pada kantong ini tidak ditampilkan rinciannya.`) : null,
			kas,
			formSp2d(k)));
		detail.querySelector('h2').focus();
	}

	// A direct SP2D (reserve and post in one step) on the chosen pocket.
	function formSp2d(k) {
		if (k.arah === 'masuk' || !ctx.bisa('POST', 'ledger/sp2d') || !ctx.milikOpd(k.opd_kode)) return null;
		const nomor = h('input', { name: 'nomor', required: true, maxlength: 100, autocomplete: 'off' });
		const tgl = h('input', { name: 'tanggal', type: 'date', required: true, value: hariIni(k.tahun), min: `${k.tahun}-01-01`, max: tanggalMaks(k.tahun) });
		const jumlah = h('input', { name: 'jumlah', inputmode: 'decimal', required: true, autocomplete: 'off', placeholder: '1.250.000,00' });
		const btn = h('button', { type: 'submit', class: 'utama' }, 'Catat SP2D');
		const s = h('div', { class: 'slot', 'aria-live': 'polite' });
		const form = h('form', { class: 'form', onsubmit: (e) => {
			e.preventDefault();
			sibuk(btn, s, async () => {
				const j = parseRupiah(jumlah.value);
				if (j === null) throw galatIsian('/baris/0/jumlah', `“${jumlah.value}” bukan jumlah uang; tulis seperti 1.250.000,00`, 'invalid-amount');
				const r = await post(ctx.p('ledger/sp2d'), { tahun: k.tahun, opd_kode: k.opd_kode, nomor: nomor.value.trim(),
					tanggal: tgl.value, baris: [{ kantong_id: k.kantong_id, jumlah: j }] });
				const baru = (r.kantong || []).find((x) => x.kantong_id === k.kantong_id);
				if (baru) baris = baris.map((x) => (x.kantong_id === baru.kantong_id ? baru : x));
				await tampilDetail(baru || k);
				const s2 = detail.querySelector('.slot-sp2d');
				if (s2) {
					s2.replaceChildren(h('div', { class: 'sukses', role: 'status' },
						`SP2D ${r.nomor} dicatat sebagai entri #${r.entri_id}: ${rupiah(r.jumlah)}. Sisa SPD OPD ${rupiah(r.opd && r.opd.sisa_spd)}.`,
						adaCatatanAturan(r.rules) ? hasilAturan(r.rules, { hanyaGagal: true }) : null));
				}
				periksaLedger();
			}, form);
		} },
		kolom('Nomor SP2D', nomor), kolom('Tanggal', tgl), kolom('Jumlah (Rp)', jumlah, `Tersedia ${rupiah(k.tersedia)}`), h('div', null, btn));
		return h('div', { class: 'form-sp2d' }, h('h3', null, 'SP2D langsung dari kantong ini'),
			h('p', { class: 'catatan' }, 'Mencadangkan dan membukukan sekaligus; SP2D kumulatif OPD tidak boleh melebihi SPD-nya.'), form, h('div', { class: 'slot slot-sp2d' }, s));
	}

	async function periksaLedger() {
		let r;
		try {
			r = await get(ctx.p('ledger/verify'));
		} catch (e) {
			hasilLedger.replaceChildren(kotakGalat(e));
			return;
		}
		const seg = r.segel_terakhir;
		hasilLedger.replaceChildren(r.ok
			? h('div', { class: 'sukses', role: 'status' }, h('strong', null, '✓ Buku besar utuh'),
				h('div', null, `${angka(String(r.entri_diperiksa))} entri dan ${angka(String(r.segel_diperiksa))} segel diperiksa ulang; ${angka(String(r.belum_disegel))} entri belum disegel.`),
				h('div', null, 'Segel terakhir: ', seg ? [`#${seg.segel_id} `, h('code', { class: 'hash-penuh' }, seg.hash)] : 'belum ada'))
			: h('div', { class: 'galat', role: 'alert' }, h('strong', null, '✗ Buku besar tidak utuh'),
				r.pertama_rusak ? h('div', null, `Pertama rusak: ${r.pertama_rusak.jenis} #${r.pertama_rusak.id}`,
					r.pertama_rusak.opd_kode ? ` (OPD ${ctx.namaOpd(r.pertama_rusak.opd_kode)})` : '', ` — ${r.pertama_rusak.alasan}`) : null));
	}
	const hasilLedger = h('div', { class: 'hasil-ledger', 'aria-live': 'polite' });
	const slotLedger = h('div', { class: 'slot', 'aria-live': 'polite' });
	const btnVerify = h('button', { type: 'button', onclick: () => sibuk(btnVerify, slotLedger, periksaLedger) }, 'Periksa buku besar');
	const tombolLedger = h('div', { class: 'aksi' }, btnVerify);
	if (ctx.bisa('POST', 'ledger/segel')) {
		const btnSegel = h('button', { type: 'button', onclick: () => sibuk(btnSegel, slotLedger, async () => {
			const { data: r } = await panggil('POST', ctx.p('ledger/segel')); // no body
			sukses(slotLedger, r.segel ? `Segel #${r.segel.segel_id} dibuat atas ${r.segel.jumlah_entri} entri.` : 'Tidak ada entri baru untuk disegel.');
			await periksaLedger();
		}) }, 'Segel sekarang');
		tombolLedger.append(btnSegel);
	}
	ledger.append(hasilLedger, tombolLedger, slotLedger);

	el.replaceChildren(
		judul('Kantong dan entri', `Saldo kantong anggaran TA ${tahun} dari DPA yang dikunci: alokasi, dalam proses (SPM), realisasi (SP2D) dan yang masih tersedia; entri di balik setiap kantong.`),
		navKeuangan('kantong'),
		await bagianSpmMenunggu(ctx, tahun, () => halamanKantong(el, ctx)),
		bagian('Pemeriksaan buku besar', ledger),
		bagian('Kantong', filter, slot, wadahTabel, detail),
		formSpd(ctx, tahun, pilihOpd));
	await Promise.all([muat(false), periksaLedger()]);
}

// The SPMs of the year still waiting for their SP2D (the work queue's spm_menunggu_sp2d), each
// with the form that pays it whole: the SP2D of an SPM takes its lines.
async function bagianSpmMenunggu(ctx, tahun, muatUlang) {
	if (!ctx.bisa('POST', 'ledger/sp2d')) return null;
	const q = await get(ctx.p(`tugas?tahun=${tahun}`)).catch(() => null);
	const spm = q ? q.items.filter((i) => i.jenis === 'spm_menunggu_sp2d') : [];
	const n = q ? q.hitung.spm_menunggu_sp2d || 0 : 0;
	if (!n) return null;
	const baris = spm.map((i) => {
		const nomor = h('input', { name: 'nomor', required: true, maxlength: 100, autocomplete: 'off', 'aria-label': `Nomor SP2D untuk SPM ${i.nomor}` });
		const tgl = h('input', { name: 'tanggal', type: 'date', required: true, value: hariIni(tahun), min: `${tahun}-01-01`, max: tanggalMaks(tahun),
			'aria-label': `Tanggal SP2D untuk SPM ${i.nomor}` });
		const btn = h('button', { type: 'submit', class: 'utama' }, 'Catat SP2D');
		const s = h('div', { class: 'slot', 'aria-live': 'polite' });
		const form = h('form', { class: 'form-baris', dataset: { spm: i.entri_id }, onsubmit: (e) => {
			e.preventDefault();
			sibuk(btn, s, async () => {
				await post(ctx.p('ledger/sp2d'), { tahun, opd_kode: i.opd_kode, nomor: nomor.value.trim(), tanggal: tgl.value, spm_id: i.entri_id });
				await muatUlang();
			}, form);
		} }, nomor, tgl, btn);
		return { i, form, s };
	});
	return bagian(`SPM menunggu SP2D (${n})`,
		tabel([
			{ judul: 'SPM', isi: ({ i }) => `${i.nomor} · ${i.opd_nama || i.opd_kode}` },
			{ judul: 'Jumlah', isi: ({ i }) => rupiah(i.jumlah), angka: true },
			{ judul: 'Sejak', isi: ({ i }) => tanggal(i.sejak) },
			{ judul: 'SP2D', isi: ({ form, s }) => h('div', null, form, s) },
		], baris, { label: 'SPM menunggu SP2D' }),
		n > spm.length ? h('p', { class: 'label' }, `Ditampilkan ${spm.length} dari ${n}.`) : null);
}

// Authority to spend up to a month (finance, not OPD-scoped).
function formSpd(ctx, tahun, pilihOpdFilter) {
	if (!ctx.bisa('POST', 'ledger/spd')) return null;
	const opd = h('select', { name: 'opd_kode', required: true },
		ctx.opd.map((o) => h('option', { value: o.kode, selected: o.kode === pilihOpdFilter.value || null }, `${o.singkatan || o.nama} (${o.kode})`)));
	const nomor = h('input', { name: 'nomor', required: true, maxlength: 100, autocomplete: 'off' });
	const tgl = h('input', { name: 'tanggal', type: 'date', required: true, value: hariIni(tahun), min: `${tahun}-01-01`, max: tanggalMaks(tahun) });
	const bulan = h('select', { name: 'bulan' }, Array.from({ length: 12 }, (_, i) => h('option', { value: i + 1 }, namaBulan(i + 1))));
	const jumlah = h('input', { name: 'jumlah', inputmode: 'decimal', required: true, autocomplete: 'off', placeholder: '50.000.000,00' });
	const btn = h('button', { type: 'submit', class: 'utama' }, 'Catat SPD');
	const slot = h('div', { class: 'slot', 'aria-live': 'polite' });
	const form = h('form', { class: 'form', onsubmit: (e) => {
		e.preventDefault();
		sibuk(btn, slot, async () => {
			const j = parseRupiah(jumlah.value);
			if (j === null) throw galatIsian('/jumlah', `“${jumlah.value}” bukan jumlah uang; tulis seperti 50.000.000,00`, 'invalid-amount');
			const r = await post(ctx.p('ledger/spd'), { tahun, opd_kode: opd.value, nomor: nomor.value.trim(), tanggal: tgl.value,
				bulan: Number(bulan.value), jumlah: j });
			sukses(slot, `SPD ${r.nomor} dicatat (entri #${r.entri_id}). SPD kumulatif ${ctx.namaOpd(r.opd_kode)}: ${rupiah(r.opd && r.opd.spd)}; sisa SPD ${rupiah(r.opd && r.opd.sisa_spd)}.`);
		}, form);
	} },
	kolom('OPD', opd), kolom('Nomor SPD', nomor), kolom('Tanggal', tgl), kolom('Sampai bulan', bulan),
	kolom('Jumlah (Rp)', jumlah, 'SPD kumulatif ≤ anggaran kas kumulatif OPD sampai bulan itu'), h('div', null, btn));
	return bagian('Catat SPD', h('p', { class: 'catatan' }, 'Surat Penyediaan Dana: batas SP2D OPD sampai bulan tertentu.'), form, slot);
}
