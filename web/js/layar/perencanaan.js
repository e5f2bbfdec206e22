// perencanaan.js - the planner's screen: the year's RKPD (Bappeda) and RKAs (per OPD), a
// document's lines with add/delete on a draft, the sub kegiatan and SSH pickers, a live jumlah
// computed exactly, and the transitions with their rules (dry run first, then the real one).
//
// Routes:  #/perencanaan                    documents of the selected year
//          #/perencanaan/tahun/<tahun>      the same for another year
//          #/perencanaan/dokumen/<id>       one document version
//          #/perencanaan/rka/<opd>[/<tahun>] an OPD's RKA of the year (opens it, or offers to create it)
import { bagianRiwayatDokumen, kotakDikembalikan, muatRiwayat } from '../riwayat.js';
import { ApiError, galatIsian, get, panggil, post, semua, unduh } from '../api.js';
import { h, tabel, hasilAturan, kotakGalat, sukses, konfirmasi, sibuk, kolom, judul, lencanaStatus, lencanaTahap, teksTahap,
	daftarTemuan, hitungAturan, adaPerbandingan, isiPerbandingan, JENIS, namaPeristiwa, rincianTeknis, uid } from '../ui.js';
import { rupiah, angka, parseRupiah, toUnits, fromUnits, divRound, tanggal } from '../format.js';
import { nomenklatur, namaSubKini } from '../ref.js';

// Sumber dana of the national list, levels 1 to 3 (data/ref/sumber_dana.csv); deeper codes may be typed.
const SUMBER_DANA = [
	['1', 'Dana Umum'], ['1.1', 'Pendapatan Asli Daerah (PAD)'], ['1.1.1', 'Pajak Daerah'],
	['1.1.2', 'Retribusi Daerah - LRA'], ['1.1.3', 'Hasil Pengelolaan Kekayaan Daerah yang Dipisahkan'],
	['1.1.4', 'Lain-lain PAD yang Sah'], ['1.2', 'Pendapatan Transfer'], ['1.2.1', 'Pendapatan Transfer Pemerintah Pusat'],
	['1.2.2', 'Pendapatan Transfer Antar Daerah'], ['1.3', 'Lain-lain Pendapatan Daerah yang Sah'], ['1.3.1', 'Hibah'],
	['1.4', 'Penerimaan Pembiayaan'], ['1.4.1', 'Sisa Lebih Perhitungan Anggaran Tahun Sebelumnya'],
	['1.4.2', 'Pencairan Dana Cadangan'], ['1.4.3', 'Hasil Penjualan Kekayaan Daerah yang Dipisahkan'],
	['1.4.4', 'Penerimaan Pinjaman Daerah'], ['1.4.5', 'Penerimaan Kembali Pemberian Pinjaman Daerah'],
	['1.4.6', 'Penerimaan Pembiayaan Lainnya'], ['2', 'Dana Khusus'], ['2.1', 'Pendapatan Asli Daerah'],
	['2.1.1', 'Pajak Daerah'], ['2.1.2', 'Retribusi Daerah'], ['2.2', 'Pendapatan Transfer'],
	['2.2.1', 'Pendapatan Transfer Pemerintah Pusat'], ['2.2.2', 'Pendapatan Transfer Antar Daerah'],
	['2.3', 'Lain-lain Pendapatan Daerah yang Sah'], ['2.3.2', 'Dana Darurat'],
];

const AKSI = {
	submit: { tombol: 'Ajukan', judul: 'Ajukan dokumen?', konfirmasi: 'Ajukan sekarang', selesai: 'diajukan' },
	verify: { tombol: 'Verifikasi', judul: 'Verifikasi dokumen?', konfirmasi: 'Verifikasi sekarang', selesai: 'diverifikasi' },
	lock: { tombol: 'Kunci', judul: 'Kunci dokumen?', konfirmasi: 'Kunci sekarang', selesai: 'dikunci' },
	reject: { tombol: 'Tolak', judul: 'Tolak dokumen?', konfirmasi: 'Tolak dokumen', selesai: 'ditolak dan kembali menjadi draf' },
};
const BOLEH_DARI = { submit: ['draft'], verify: ['submitted'], lock: ['verified'], reject: ['submitted', 'verified'] };
const PERISTIWA = { submit: 'pengajuan', verify: 'verifikasi', lock: 'penguncian', reject: 'penolakan' };



export async function tampilkan(el, ctx, args) {
	el.classList.add('perencanaan');
	const [bagian, a1, a2] = args;
	if (bagian === 'dokumen' && /^\d+$/.test(a1 || '')) return halamanDokumen(el, ctx, Number(a1));
	if (bagian === 'rka' && a1) return halamanRkaOpd(el, ctx, a1, /^\d{4}$/.test(a2 || '') ? Number(a2) : ctx.tahun);
	if (bagian === 'tahun' && /^\d{4}$/.test(a1 || '')) return halamanDaftar(el, ctx, Number(a1));
	return halamanDaftar(el, ctx, ctx.tahun);
}

// Keeps the shell's year (and its selector) on the year this screen shows.
function sinkronTahun(ctx, tahun) {
	if (ctx.tahun !== tahun) ctx.setTahun(tahun);
	const sel = document.getElementById('pilih-tahun');
	if (!sel) return;
	if (![...sel.options].some((o) => Number(o.value) === tahun)) {
		const sesudah = [...sel.options].find((o) => Number(o.value) > tahun);
		sel.insertBefore(h('option', { value: tahun }, `TA ${tahun}`), sesudah || null);
	}
	sel.value = String(tahun);
}

const namaOpdPanjang = (ctx, kode) => {
	const o = ctx.opd.find((x) => x.kode === kode);
	return o ? o.nama : kode;
};
const jenisPemda = (ctx) => (ctx.sesi.pemda.jenis === 'provinsi' ? 'provinsi' : 'kabkota');
const judulDokumen = (ctx, d) => `${JENIS[d.jenis] || d.jenis}${d.opd_kode ? ' ' + ctx.namaOpd(d.opd_kode) : ''} ${d.tahun}`;
const tautanDokumen = (id) => '#/perencanaan/dokumen/' + id;

// ---------------------------------------------------------------- the list of the year

async function halamanDaftar(el, ctx, tahun) {
	sinkronTahun(ctx, tahun);
	const scoped = ctx.sesi.opd_kode;
	el.append(judul('Perencanaan', `Tahun anggaran ${tahun}: RKPD (Bappeda) dan RKA perangkat daerah.`));
	const [rkpd, rka] = await Promise.all([
		semua(ctx.p(`dokumen?tahun=${tahun}&jenis=rkpd`)),
		semua(ctx.p(`dokumen?tahun=${tahun}&jenis=rka${scoped ? '&opd=' + encodeURIComponent(scoped) : ''}`)),
	]);

	// RKPD: pemda-wide, one document with its versions.
	const slotRkpd = h('div', { class: 'slot' });
	const aksiRkpd = h('div', { class: 'aksi' });
	if (!rkpd.length && ctx.bisaDokumen('rkpd', 'create', null)) {
		const b = h('button', { type: 'button', class: 'utama' }, 'Buat RKPD');
		b.addEventListener('click', () => sibuk(b, slotRkpd, async () => {
			const d = await post(ctx.p('dokumen'), { tahun, jenis: 'rkpd', opd_kode: null });
			location.hash = tautanDokumen(d.id);
		}));
		aksiRkpd.append(b);
	}
	el.append(h('section', { 'aria-labelledby': 'h-rkpd' },
		h('h2', { id: 'h-rkpd' }, `RKPD ${tahun}`),
		tabel([
			{ judul: 'Versi', isi: (d) => h('a', { href: tautanDokumen(d.id), 'aria-label': `Buka RKPD ${tahun} versi ${d.versi}` }, `Versi ${d.versi}`) },
			{ judul: 'Status', isi: (d) => lencanaStatus(d.status) },
			{ judul: 'Revisi', isi: (d) => d.revisi, angka: true },
			{ judul: 'Dibuat', isi: (d) => tanggal(d.dibuat) },
			{ judul: 'Dikunci', isi: (d) => tanggal(d.dikunci) },
		], [...rkpd].sort((a, b) => b.versi - a.versi), { kosong: `Belum ada RKPD untuk tahun ${tahun}.` }),
		aksiRkpd, slotRkpd));

	// RKA: per OPD, the latest version of each.
	const terakhir = new Map();
	const jumlahVersi = new Map();
	for (const d of rka) {
		jumlahVersi.set(d.opd_kode, (jumlahVersi.get(d.opd_kode) || 0) + 1);
		if (!terakhir.has(d.opd_kode) || terakhir.get(d.opd_kode).versi < d.versi) terakhir.set(d.opd_kode, d);
	}
	const daftarOpd = ctx.opd.filter((o) => ctx.milikOpd(o.kode));
	const baris = daftarOpd.map((o) => ({ opd: o, d: terakhir.get(o.kode) || null }));
	const slotRka = h('div', { class: 'slot' });
	const bisaBuat = daftarOpd.filter((o) => !terakhir.has(o.kode) && ctx.bisaDokumen('rka', 'create', o.kode));
	let formBuat = null;
	if (bisaBuat.length) {
		const sel = h('select', { name: 'opd_kode', required: true },
			bisaBuat.map((o) => h('option', { value: o.kode }, `${o.nama}${o.singkatan ? ' (' + o.singkatan + ')' : ''}`)));
		const b = h('button', { type: 'submit', class: 'utama' }, 'Buat RKA');
		formBuat = h('form', { class: 'aksi', onsubmit: (e) => {
			e.preventDefault();
			sibuk(b, slotRka, async () => {
				const d = await post(ctx.p('dokumen'), { tahun, jenis: 'rka', opd_kode: sel.value });
				location.hash = tautanDokumen(d.id);
			}, formBuat);
		} }, kolom('OPD untuk RKA baru', sel), b);
	}
	el.append(h('section', { 'aria-labelledby': 'h-rka' },
		h('h2', { id: 'h-rka' }, `RKA ${tahun}`),
		tabel([
			{ judul: 'OPD', isi: (r) => [h('span', null, r.opd.nama), h('span', { class: 'nama-kode' }, r.opd.kode)] },
			{ judul: 'Versi', isi: (r) => (r.d ? `${r.d.versi}${jumlahVersi.get(r.opd.kode) > 1 ? ` (dari ${jumlahVersi.get(r.opd.kode)})` : ''}` : '–') },
			{ judul: 'Tahap', isi: (r) => (r.d ? lencanaTahap(r.d) : '–') },
			{ judul: 'Status', isi: (r) => (r.d ? lencanaStatus(r.d.status) : h('span', { class: 'label' }, 'Belum ada')) },
			{ judul: 'Dibuat', isi: (r) => (r.d ? tanggal(r.d.dibuat) : '–') },
			{ judul: 'Dokumen', isi: (r) => (r.d ? h('a', { href: tautanDokumen(r.d.id), 'aria-label': `Buka RKA ${r.opd.singkatan || r.opd.nama} ${tahun}` }, 'Buka') : '–') },
		], baris, { kosong: 'Tidak ada OPD.' }),
		formBuat, slotRka));
}

// #/perencanaan/rka/<opd>: the OPD's latest RKA of the year, or the offer to create it.
async function halamanRkaOpd(el, ctx, opd, tahun) {
	sinkronTahun(ctx, tahun);
	const versi = await semua(ctx.p(`dokumen?tahun=${tahun}&jenis=rka&opd=${encodeURIComponent(opd)}`));
	if (versi.length) {
		const akhir = versi.reduce((a, b) => (b.versi > a.versi ? b : a));
		location.replace(tautanDokumen(akhir.id));
		return;
	}
	el.append(judul(`RKA ${ctx.namaOpd(opd)} ${tahun}`, namaOpdPanjang(ctx, opd)));
	const slot = h('div', { class: 'slot' });
	const isi = h('section', null, h('p', null, `Belum ada RKA ${namaOpdPanjang(ctx, opd)} untuk tahun ${tahun}.`));
	if (ctx.milikOpd(opd) && ctx.bisaDokumen('rka', 'create', opd)) {
		const b = h('button', { type: 'button', class: 'utama' }, 'Buat RKA');
		b.addEventListener('click', () => sibuk(b, slot, async () => {
			const d = await post(ctx.p('dokumen'), { tahun, jenis: 'rka', opd_kode: opd });
			location.hash = tautanDokumen(d.id);
		}));
		isi.append(h('div', { class: 'aksi' }, b), slot);
	}
	isi.append(h('p', null, h('a', { href: `#/perencanaan/tahun/${tahun}` }, 'Kembali ke daftar perencanaan')));
	el.append(isi);
}

// ---------------------------------------------------------------- reference look-ups

// The sub kegiatan an OPD works on: its bidang plus the support programme (X.XX), for a search by name.
async function kolamOpd(ctx, tahun, opd) {
	const o = ctx.opd.find((x) => x.kode === opd);
	const prefixes = [...new Set([...(o && o.bidang) || [], 'X.XX'])];
	const lists = await Promise.all(prefixes.map((p) => nomenklatur(tahun, jenisPemda(ctx), p)));
	return lists.flat();
}

const akunCache = new Map();
function akun(kode, tahun) {
	const k = `${kode}|${tahun}`;
	if (!akunCache.has(k)) {
		const p = get(`/v1/ref/akun/${encodeURIComponent(kode)}?tahun=${tahun}`);
		p.catch(() => akunCache.delete(k));
		akunCache.set(k, p);
	}
	return akunCache.get(k);
}

const paketAturan = new Map(); // pemda -> Promise<the rules pack in force> (titles and citations)
function aturanBerlaku(ctx) {
	const k = ctx.p('rules');
	if (!paketAturan.has(k)) {
		paketAturan.set(k, get(k).catch(() => {
			paketAturan.delete(k);
			return null;
		}));
	}
	return paketAturan.get(k);
}

// What the user typed, read as a nomenklatur code: the valid segments, the level, the pemda level digit.
const POLA_SEGMEN = [/^[1-9X?]$/, /^(\d{2}|XX)$/, /^\d{2}$/, /^[12]$/, /^\d{2}$/, /^(\d{2}|\d{4})$/];
const NAMA_TINGKAT = { 1: 'urusan', 2: 'bidang', 3: 'program', 4: 'kegiatan (belum lengkap)', 5: 'kegiatan', 6: 'sub kegiatan' };
function bacaKode(teks) {
	const t = String(teks || '').trim().toUpperCase().replace(/\.$/, '');
	if (!/^[0-9X?][0-9X?.]*$/.test(t)) return null;
	const segs = t.split('.');
	let sah = 0;
	while (sah < segs.length && sah < 6 && POLA_SEGMEN[sah].test(segs[sah])) sah++;
	let n = Math.min(sah, 5);
	if (n === 4) n = 3;
	return {
		teks: t, segs, utuh: sah === segs.length && segs.length <= 6,
		prefix: n ? segs.slice(0, n).join('.') : null,
		tingkat: sah >= 4 ? segs[3] : null,
	};
}
const kode4 = (t) => t.replace(/^(.+\.)(\d{2})$/, (m, a, b) => (a.split('.').length === 6 ? a + '00' + b : m));

// ---------------------------------------------------------------- a combobox (input + listbox)

// @cari(q) -> {items: [{nilai, teks: [kode, nama], ket}], pesan}; @pilih(item) when one is chosen.
function kotakPilih({ label, name, placeholder, cari, pilih, ubah, ket: ketAwal }) {
	const id = uid('pilih');
	const lbId = id + '-daftar';
	const input = h('input', { id, name, type: 'text', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
		'aria-controls': lbId, 'aria-describedby': id + '-ket', autocomplete: 'off', spellcheck: 'false', placeholder });
	const lb = h('ul', { id: lbId, role: 'listbox', class: 'pilihan', hidden: true, 'aria-label': `Pilihan ${label.toLowerCase()}` });
	const ket = h('small', { id: id + '-ket', class: 'combo-ket', 'aria-live': 'polite' }, ketAwal || '');
	let items = [];
	let aktif = -1;
	let giliran = 0;
	let timer = null;

	const tutup = () => {
		lb.hidden = true;
		input.setAttribute('aria-expanded', 'false');
		input.removeAttribute('aria-activedescendant');
		aktif = -1;
	};
	const setAktif = (i) => {
		aktif = i;
		[...lb.children].forEach((li, j) => li.setAttribute('aria-selected', j === i ? 'true' : 'false'));
		const li = lb.children[i];
		if (li && li.getAttribute('role') === 'option') {
			input.setAttribute('aria-activedescendant', li.id);
			li.scrollIntoView({ block: 'nearest' });
		} else {
			input.removeAttribute('aria-activedescendant');
		}
	};
	const pilihItem = (it) => {
		input.value = it.nilai;
		tutup();
		tandai(it.ket || '', false);
		pilih(it);
	};
	const gambar = () => {
		lb.replaceChildren(...items.map((it, i) => {
			const li = h('li', { id: `${lbId}-${i}`, role: 'option', 'aria-selected': 'false' },
				h('b', null, it.teks[0]), it.teks[1] ? ' ' + it.teks[1] : '');
			li.addEventListener('mousedown', (e) => e.preventDefault());
			li.addEventListener('click', () => pilihItem(it));
			return li;
		}));
		aktif = -1;
		input.removeAttribute('aria-activedescendant');
		const buka = items.length > 0 && document.activeElement === input;
		lb.hidden = !buka;
		input.setAttribute('aria-expanded', buka ? 'true' : 'false');
	};
	const muat = () => {
		clearTimeout(timer);
		timer = null;
		const saya = ++giliran;
		return (async () => {
			let r;
			try {
				r = await cari(input.value);
			} catch (e) {
				r = { items: [], pesan: e.message, salah: true };
			}
			if (saya !== giliran) return;
			items = r.items || [];
			if (r.pesan !== undefined) tandai(r.pesan, !!r.salah);
			gambar();
		})();
	};
	function tandai(teks, salah) {
		ket.textContent = teks;
		ket.classList.toggle('salah', salah);
		if (salah) input.setAttribute('aria-invalid', 'true');
		else input.removeAttribute('aria-invalid');
	}
	// Drops a search under way (its answer would overwrite a refusal shown now).
	function batal() {
		clearTimeout(timer);
		timer = null;
		giliran++;
		tutup();
	}
	input.addEventListener('input', () => {
		if (ubah) ubah();
		ket.classList.remove('salah');
		input.removeAttribute('aria-invalid');
		clearTimeout(timer);
		timer = setTimeout(muat, 180);
	});
	input.addEventListener('keydown', async (e) => {
		if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
			e.preventDefault();
			if (lb.hidden || timer) {
				await muat();
				if (items.length) setAktif(e.key === 'ArrowDown' ? 0 : items.length - 1);
			} else {
				const n = items.length;
				setAktif(e.key === 'ArrowDown' ? (aktif + 1) % n : (aktif - 1 + n) % n);
			}
		} else if (e.key === 'Enter') {
			if (!lb.hidden && aktif >= 0 && items[aktif]) {
				e.preventDefault();
				pilihItem(items[aktif]);
			}
		} else if (e.key === 'Escape') {
			if (!lb.hidden) {
				e.preventDefault();
				e.stopPropagation();
				tutup();
			}
		} else if (e.key === 'Tab') {
			tutup();
		}
	});
	input.addEventListener('blur', () => setTimeout(() => { if (document.activeElement !== input) tutup(); }, 120));
	const el = h('div', { class: 'kolom' }, h('label', { for: id }, label), h('div', { class: 'combo' }, input, lb), ket);
	return { el, input, ket, tandai, tutup, batal };
}

// The sub kegiatan picker: a code prefix is searched in the national nomenklatur, a name among
// the OPD's sub kegiatan; a code of another level (program, kegiatan) or of the other level of
// government is refused with a plain message.
function pemilihSub(ctx, tahun, opdKini) {
	const jenis = jenisPemda(ctx);
	const digit = jenis === 'provinsi' ? '1' : '2';
	const namaJenis = jenis === 'provinsi' ? 'provinsi' : 'kabupaten/kota';
	let terpilih = null;
	const ketAwal = 'Ketik kode (mis. 1.02.02.2.01) atau sebagian nama, pilih dengan panah dan Enter.';
	const cocok = (it, t) => it.kode.startsWith(t) || (it.kode_lama || '').startsWith(t);
	const kotak = kotakPilih({
		label: 'Sub kegiatan', name: 'sub_kegiatan', placeholder: '1.02.02.2.01.0016 atau nama', ket: ketAwal,
		ubah: () => { terpilih = null; },
		pilih: (it) => { terpilih = { kode: it.nilai, nama: it.teks[1] }; },
		cari: async (q) => {
			const k = bacaKode(q);
			let items = [];
			if (k) {
				if (k.tingkat && k.tingkat !== digit)
					return { items: [], pesan: `Kode ${k.teks} adalah nomenklatur ${k.tingkat === '1' ? 'provinsi' : 'kabupaten/kota'}, bukan untuk ${namaJenis}.`, salah: true };
				if (!k.prefix) return { items: [], pesan: ketAwal };
				items = (await nomenklatur(tahun, jenis, k.prefix)).filter((it) => cocok(it, k.teks));
			} else if (q.trim().length >= 2) {
				const opd = opdKini();
				if (!opd) return { items: [], pesan: 'Pilih OPD dulu untuk mencari dengan nama, atau ketik kodenya.' };
				const kata = q.toLowerCase().split(/\s+/).filter(Boolean);
				items = (await kolamOpd(ctx, tahun, opd)).filter((it) => kata.every((w) => it.nama.toLowerCase().includes(w)));
			} else {
				const opd = opdKini();
				items = opd ? await kolamOpd(ctx, tahun, opd) : [];
			}
			const n = items.length;
			return {
				items: items.slice(0, 60).map((it) => ({ nilai: it.kode, teks: [it.kode, it.nama], ket: it.nama })),
				pesan: n ? `${n > 60 ? 'Lebih dari 60' : n} sub kegiatan cocok${n > 60 ? '; ketik lebih lengkap' : ''}.` : 'Tidak ada sub kegiatan yang cocok.',
			};
		},
	});
	// The chosen code, or a refusal (ApiError on /sub_kegiatan) that is also shown next to the field.
	async function nilai() {
		kotak.batal();
		const teks = kotak.input.value.trim();
		const tolak = (pesan) => {
			kotak.tandai(pesan, true);
			throw galatIsian('/sub_kegiatan', pesan);
		};
		if (terpilih && terpilih.kode === teks) return terpilih.kode;
		if (!teks) tolak('Sub kegiatan wajib diisi: ketik kode atau nama lalu pilih dari daftar.');
		const k = bacaKode(teks);
		if (!k) tolak(`“${teks}” belum dipilih dari daftar: ketik kode atau nama lalu pilih dengan Enter.`);
		if (!k.utuh) tolak(`“${teks}” bukan kode sub kegiatan yang sah (contoh 1.02.02.2.01.0016).`);
		if (k.segs.length < 6) tolak(`${k.teks} adalah kode ${NAMA_TINGKAT[k.segs.length]}, bukan kode sub kegiatan (kode sub kegiatan terdiri atas 6 bagian, mis. 1.02.02.2.01.0016).`);
		if (k.tingkat !== digit) tolak(`Sub kegiatan ${k.teks} adalah nomenklatur ${k.tingkat === '1' ? 'provinsi' : 'kabupaten/kota'}, bukan untuk ${namaJenis}.`);
		const kode = kode4(k.teks);
		const ada = (await nomenklatur(tahun, jenis, k.segs.slice(0, 5).join('.'))).find((it) => it.kode === kode);
		if (!ada) tolak(`Sub kegiatan ${kode} tidak ada dalam nomenklatur yang berlaku tahun ${tahun}.`);
		terpilih = { kode: ada.kode, nama: ada.nama };
		kotak.input.value = ada.kode;
		kotak.tandai(ada.nama, false);
		return ada.kode;
	}
	return {
		el: kotak.el, input: kotak.input, nilai,
		reset() { terpilih = null; kotak.input.value = ''; kotak.tandai(ketAwal, false); },
	};
}

// ---------------------------------------------------------------- numbers typed by people

// "2", "2,5", "1.500" (thousands) or "2.25" -> canonical decimal text with at most @places decimals.
function parseDesimal(teks, places = 4) {
	let s = String(teks ?? '').trim().replace(/\s/g, '');
	if (!s) return null;
	if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
	else if (/^\d+,\d+$/.test(s)) s = s.replace(',', '.');
	else if (!/^\d+(\.\d+)?$/.test(s)) return null;
	let [w, f = ''] = s.split('.');
	f = f.replace(/0+$/, '');
	if (f.length > places) return null;
	w = w.replace(/^0+(?=\d)/, '');
	return f ? `${w}.${f}` : w;
}
const desimalId = (t) => String(t).replace(/^(-?\d+)\.(\d+)/, '$1,$2');
const faktorId = (f) => desimalId(f);

// ---------------------------------------------------------------- one document

async function halamanDokumen(el, ctx, id, pesanAwal = null) {
	const muatDok = async () => {
		const r = await panggil('GET', ctx.p(`dokumen/${id}`));
		return { dok: r.data, etag: r.etag };
	};
	let { dok, etag } = await muatDok();
	sinkronTahun(ctx, dok.tahun);
	const rka = dok.jenis === 'rka';
	const rkpd = dok.jenis === 'rkpd';
	const plafon = dok.jenis === 'kua_ppas'; // lines {jenis, opd_kode, sub_kegiatan, jumlah}
	const belanja = !rkpd && !plafon; // RKA, APBD, DPA: budget lines
	const opd = dok.opd_kode;
	const versi = await semua(ctx.p(`dokumen?tahun=${dok.tahun}&jenis=${dok.jenis}${opd ? '&opd=' + encodeURIComponent(opd) : ''}`)).catch(() => [dok]);
	const terbaru = versi.reduce((a, b) => (b.versi > a.versi ? b : a), dok);

	const sub = [opd ? namaOpdPanjang(ctx, opd) : 'Seluruh pemerintah daerah', `versi ${dok.versi}`, teksTahap(dok)].join(' · ');
	el.append(judul(judulDokumen(ctx, dok), sub));
	// the history; a draft sent back says why first of all
	const riwayatDok = await muatRiwayat(ctx, id);
	const dikembalikan = kotakDikembalikan(riwayatDok, dok);
	if (dikembalikan) el.append(dikembalikan);
	const ringkas = h('div', { class: 'kisi ringkas-dokumen' });
	const slotAksi = h('div', { class: 'slot', tabindex: '-1' });
	const barAksi = h('div', { class: 'aksi' });
	el.append(h('p', null, h('a', { href: `#/perencanaan/tahun/${dok.tahun}` }, `Kembali ke daftar perencanaan ${dok.tahun}`)),
		h('section', { 'aria-label': 'Ringkasan dokumen' }, ringkas,
			versi.length > 1 ? h('p', null, 'Versi: ', versi.sort((a, b) => a.versi - b.versi).map((v, i) => [i ? ', ' : '',
				v.id === dok.id ? h('b', { 'aria-current': 'page' }, `versi ${v.versi}`) : h('a', { href: tautanDokumen(v.id) }, `versi ${v.versi}`),
				' (', teksTahap(v).toLowerCase(), ', ', lencanaStatus(v.status), ')'])) : null,
			barAksi, slotAksi));

	const bisaUbah = () => dok.status === 'draft' && ctx.bisaDokumen(dok.jenis, 'edit', opd) && ctx.bisa('POST', 'dokumen/{id}/baris');
	const bisaHapus = () => bisaUbah() && ctx.bisa('DELETE', 'dokumen/{id}/baris/{baris}');
	const bisaGanti = () => bisaUbah() && ctx.bisa('PUT', 'dokumen/{id}/baris/{baris}');
	let formulir = null; // the add form of an RKPD or RKA draft; formulir.ubah(line) edits a line in it

	// Lines.
	const judulBaris = h('h2', { id: 'h-baris', tabindex: '-1' }, rkpd ? 'Item RKPD' : plafon ? 'Plafon' : 'Rincian anggaran');
	const slotTabel = h('div', { class: 'slot' });
	const wadahTabel = h('div');
	el.append(h('section', { 'aria-labelledby': 'h-baris' }, judulBaris, slotTabel, wadahTabel));
	const slotRiwayat = h('div', { class: 'riwayat-dokumen' }, bagianRiwayatDokumen(riwayatDok));

	function gambarRingkas() {
		const kotak = (label, nilai, lebar) => h('div', { class: lebar ? 'lebar' : null }, h('div', { class: 'label' }, label), h('div', null, nilai));
		ringkas.replaceChildren(...[
			kotak('Status', lencanaStatus(dok.status)),
			kotak('Tahap', lencanaTahap(dok)),
			plafon ? null : kotak(rkpd ? 'Total pagu indikatif' : 'Total belanja', h('span', { class: 'angka-besar', id: 'total-dokumen' }, rupiah(dok.total.belanja)), true),
			// pendapatan (Bapenda's lines) beside it, never added to belanja
			plafon || rkpd || dok.total.pendapatan === '0.00' ? null
				: kotak('Total pendapatan', h('span', { class: 'angka-besar', id: 'total-pendapatan' }, rupiah(dok.total.pendapatan)), true),
			kotak('Jumlah baris', String(dok.baris.length)),
			kotak('Revisi', String(dok.revisi)),
			kotak('Dibuat', tanggal(dok.dibuat)),
			dok.dikunci ? kotak('Dikunci', tanggal(dok.dikunci)) : null,
			dok.hash ? kotak('Hash', h('code', { class: 'hash' }, dok.hash), true) : null].filter(Boolean));
	}

	// Bapenda adds and removes pendapatan (4) lines, an OPD's planner belanja (5): the session says which
	const akunBoleh = (akun) => !akun || !ctx.sesi.izin.akun_baris || akun.startsWith(ctx.sesi.izin.akun_baris + '.');

	function tombolHapus(n, akun) {
		if (!bisaHapus() || !akunBoleh(akun)) return null;
		const b = h('button', { type: 'button', 'aria-label': `Hapus baris ${n}` }, 'Hapus');
		b.addEventListener('click', async () => {
			const ya = await konfirmasi(`Hapus baris ${n}?`, h('p', null, `Baris ${n} akan dihapus dari draf ini. Nomor baris tidak dipakai ulang.`), 'Hapus');
			if (!ya) return;
			await sibuk(b, slotTabel, async () => {
				try {
					await panggil('DELETE', ctx.p(`dokumen/${id}/baris/${n}`), { ifMatch: etag });
				} catch (e) {
					if (e instanceof ApiError && e.status === 412) tawarkanMuatUlang(slotTabel);
					throw e;
				}
				await segarkan();
				sukses(slotTabel, `Baris ${n} dihapus.`);
				judulBaris.focus();
			});
		});
		return b;
	}

	// "Ubah": the line into the form below, saved as its replacement (PUT …/baris/{n})
	function tombolUbah(b) {
		if (!formulir || !formulir.ubah || !bisaGanti() || !akunBoleh(b.akun)) return null;
		const t = h('button', { type: 'button', 'aria-label': `Ubah baris ${b.baris}` }, 'Ubah');
		t.addEventListener('click', () => formulir.ubah(b));
		return t;
	}

	function gambarTabel() {
		const hapus = bisaHapus() ? [{ judul: 'Tindakan', isi: (b) => h('span', { class: 'aksi-baris' }, tombolUbah(b), tombolHapus(b.baris, b.akun)) }] : [];
		const subSel = (kode) => (kode ? [h('span', null, kode), h('span', { class: 'nama-kode', dataset: { sub: kode } }, namaSubKini(dok.tahun, kode))] : '–');
		let cols;
		if (plafon) {
			cols = [
				{ judul: 'No', isi: (b) => b.baris, angka: true },
				{ judul: 'Jenis', isi: (b) => b.jenis.replace(/_/g, ' ') },
				{ judul: 'OPD', isi: (b) => (b.opd_kode ? ctx.namaOpd(b.opd_kode) : '–') },
				{ judul: 'Sub kegiatan', isi: (b) => subSel(b.sub_kegiatan) },
				{ judul: 'Jumlah', isi: (b) => rupiah(b.jumlah), angka: true },
			];
		} else if (rkpd) {
			cols = [
				{ judul: 'No', isi: (b) => b.baris, angka: true },
				{ judul: 'OPD', isi: (b) => ctx.namaOpd(b.opd_kode) },
				{ judul: 'Sub kegiatan', isi: (b) => subSel(b.sub_kegiatan) },
				{ judul: 'Indikator', isi: (b) => b.indikator },
				{ judul: 'Target', isi: (b) => `${angka(b.target)} ${b.satuan}`, angka: true },
				{ judul: 'Lokasi', isi: (b) => [b.lokasi, b.lokasi_titik ? h('span', { class: 'nama-kode' }, b.lokasi_titik) : null] },
				{ judul: 'Sumber dana', isi: (b) => b.sumber_dana },
				{ judul: 'Pagu indikatif', isi: (b) => rupiah(b.pagu_indikatif), angka: true },
				...hapus,
			];
		} else {
			cols = [
				{ judul: 'No', isi: (b) => b.baris, angka: true },
				{ judul: 'Sub kegiatan', isi: (b) => subSel(b.sub_kegiatan) },
				{ judul: 'Kode rekening', isi: (b) => [h('span', null, b.akun), h('span', { class: 'nama-kode', dataset: { akun: b.akun } }, '')] },
				{ judul: 'Uraian', isi: (b) => [b.uraian, b.ssh ? h('span', { class: 'nama-kode' }, `SSH ${b.ssh.kode}`) : null] },
				{ judul: 'Koefisien', isi: (b) => b.koefisien.map(faktorId).join(' × ') },
				{ judul: 'Harga satuan', isi: (b) => rupiah(b.harga_satuan), angka: true },
				{ judul: 'Jumlah', isi: (b) => rupiah(b.jumlah), angka: true },
				{ judul: 'Sumber dana', isi: (b) => b.sumber_dana },
				...hapus,
			];
		}
		const t = tabel(cols, dok.baris, {
			kosong: rkpd ? 'Belum ada item.' : 'Belum ada baris.',
			baris: (b) => ({ dataset: { baris: b.baris } }),
			caption: `${judulDokumen(ctx, dok)}: ${dok.baris.length} baris`,
		});
		const tbody = t.querySelector('tbody');
		if (dok.baris.length && !plafon) {
			const iTotal = cols.findIndex((c) => c.judul === (rkpd ? 'Pagu indikatif' : 'Jumlah'));
			tbody.append(h('tr', { class: 'total' },
				h('td', { colspan: iTotal }, rkpd ? 'Total' : 'Total belanja'),
				h('td', { class: 'num' }, rupiah(dok.total.belanja)),
				cols.length - iTotal - 1 > 0 ? h('td', { colspan: cols.length - iTotal - 1 }) : null));
		}
		wadahTabel.replaceChildren(belanja && dok.baris.length ? perSubKegiatan() : '', t);
		isiNama(wadahTabel);
	}

	// An RKA's belanja per sub kegiatan (what the KUA-PPAS plafon is checked against), summed exactly.
	function perSubKegiatan() {
		const per = new Map();
		// belanja only: a plafon caps belanja, and pendapatan (kept by OPD and akun) is no part of it
		for (const b of dok.baris.filter((x) => x.sub_kegiatan && x.akun.startsWith('5.'))) {
			const x = per.get(b.sub_kegiatan) || { kode: b.sub_kegiatan, n: 0, sen: 0n };
			x.n++;
			x.sen += toUnits(b.jumlah, 2);
			per.set(b.sub_kegiatan, x);
		}
		const rows = [...per.values()].sort((a, b) => a.kode.localeCompare(b.kode));
		return h('details', { class: 'per-sub', open: rows.length > 1 && dok.baris.length > 20 },
			h('summary', null, `Ringkasan belanja per sub kegiatan (${rows.length})`),
			tabel([
				{ judul: 'Sub kegiatan', isi: (r) => [h('span', null, r.kode), h('span', { class: 'nama-kode', dataset: { sub: r.kode } }, namaSubKini(dok.tahun, r.kode))] },
				{ judul: 'Baris', isi: (r) => r.n, angka: true },
				{ judul: 'Jumlah', isi: (r) => rupiah(fromUnits(r.sen, 2)), angka: true },
			], rows));
	}

	// Names of codes, filled in after the table is drawn.
	function isiNama(t) {
		const kegiatan = new Set(dok.baris.filter((b) => b.sub_kegiatan).map((b) => b.sub_kegiatan.split('.').slice(0, 5).join('.')));
		for (const k of kegiatan) {
			nomenklatur(dok.tahun, jenisPemda(ctx), k).then(() => {
				t.querySelectorAll('[data-sub]').forEach((s) => { s.textContent = namaSubKini(dok.tahun, s.dataset.sub) || s.textContent; });
			}).catch(() => {});
		}
		if (belanja) {
			for (const kode of new Set(dok.baris.map((b) => b.akun))) {
				akun(kode, dok.tahun).then((a) => {
					t.querySelectorAll(`[data-akun="${CSS.escape(kode)}"]`).forEach((s) => { s.textContent = a.nama; });
				}).catch(() => {});
			}
		}
	}

	async function segarkan() {
		({ dok, etag } = await muatDok());
		gambarRingkas();
		gambarTabel();
		// the history and, once resubmitted, no more "sent back"
		const r = await muatRiwayat(ctx, id);
		slotRiwayat.replaceChildren(bagianRiwayatDokumen(r));
		const lama = el.querySelector('#alasan-dikembalikan');
		if (lama) lama.replaceWith(kotakDikembalikan(r, dok) || '');
	}

	// Transitions the role may do from this state.
	function gambarAksi() {
		barAksi.replaceChildren();
		for (const aksi of ['submit', 'verify', 'lock', 'reject']) {
			if (!BOLEH_DARI[aksi].includes(dok.status) || !ctx.bisaDokumen(dok.jenis, aksi, opd) || !ctx.bisa('POST', 'dokumen/{id}/transisi')) continue;
			const b = h('button', { type: 'button', class: aksi === 'reject' ? 'bahaya' : 'utama' }, AKSI[aksi].tombol);
			b.addEventListener('click', () => sibuk(b, slotAksi, () => transisi(aksi)));
			barAksi.append(b);
		}
		if (dok.status === 'locked' && terbaru.id === dok.id && ctx.bisaDokumen(dok.jenis, 'derive', opd) && ctx.bisa('POST', 'dokumen/{id}/turunan')) {
			const b = h('button', { type: 'button' }, 'Buat versi baru');
			b.addEventListener('click', () => sibuk(b, slotAksi, turunkan));
			barAksi.append(b);
		}
		if (terbaru.id !== dok.id) {
			barAksi.append(h('span', null, 'Ini bukan versi terbaru: ', h('a', { href: tautanDokumen(terbaru.id) }, `buka versi ${terbaru.versi}`)));
		}
		if (ctx.bisa('GET', 'dokumen/{id}/csv')) {
			const b = h('button', { type: 'button' }, 'Unduh CSV');
			b.addEventListener('click', () => sibuk(b, slotAksi, () =>
				unduh(ctx.p(`dokumen/${id}/csv`), `${dok.jenis}-${dok.tahun}${opd ? '-' + opd : ''}-v${dok.versi}.csv`)));
			barAksi.append(b);
		}
	}

	// After a stale If-Match: one button to draw the document again as it is now.
	function tawarkanMuatUlang(slot) {
		setTimeout(() => {
			const b = h('button', { type: 'button' }, 'Muat ulang dokumen');
			b.addEventListener('click', async () => {
				el.replaceChildren();
				await halamanDokumen(el, ctx, id).catch((e) => el.append(kotakGalat(e)));
			});
			slot.querySelector('.galat')?.append(h('div', { class: 'aksi' }, b));
		}, 0);
	}

	async function transisi(aksi) {
		const a = AKSI[aksi];
		const isi = h('div');
		if (aksi !== 'reject' && ctx.bisa('POST', 'rules/evaluate')) {
			const ev = await post(ctx.p('rules/evaluate'), { dokumen_id: id, aksi }, { safe: true });
			isi.append(h('p', { class: ev.would_pass ? 'sukses' : 'galat' }, ev.would_pass
				? `Uji coba aturan ${PERISTIWA[aksi]} (belum mengubah apa pun): tidak ada aturan yang dilanggar.`
				: `Uji coba aturan ${PERISTIWA[aksi]} (belum mengubah apa pun): ada aturan yang dilanggar, ${PERISTIWA[aksi]} akan ditolak.`),
			ev.rules && ev.rules.results && ev.rules.results.some((r) => r.applies !== false) ? hasilAturan(ev.rules)
				: h('p', null, 'Tidak ada aturan dalam paket yang berlaku untuk peristiwa ini.'),
			rka && aksi === 'submit' ? h('p', { class: 'label' }, 'Pemeriksaan bawaan (KUA-PPAS terkunci, plafon) dijalankan saat pengajuan.') : null);
		}
		let alasan = null;
		if (aksi === 'reject') {
			alasan = h('textarea', { name: 'alasan', rows: 3, required: true });
			isi.append(kolom('Alasan penolakan', alasan));
		}
		const ya = await konfirmasi(`${a.judul.replace('dokumen', judulDokumen(ctx, dok))}`, isi, a.konfirmasi);
		if (!ya) return;
		const body = { aksi };
		if (alasan) body.alasan = alasan.value.trim();
		let hasil;
		try {
			hasil = await post(ctx.p(`dokumen/${id}/transisi`), body, { ifMatch: etag });
		} catch (e) {
			muatAturan();
			// Built-in checks answer in technical English: say it plainly as well.
			const jelas = !(e instanceof ApiError) ? null : {
				kua_ppas: `KUA-PPAS tahun ${dok.tahun} belum dikunci; RKA baru dapat diajukan setelah TAPD mengunci KUA-PPAS tahun itu.`,
				plafon: 'Belanja RKA tidak sesuai plafon KUA-PPAS (tidak ada plafonnya, atau melebihinya) pada sub kegiatan atau OPD yang disebut.',
				baris: 'Dokumen ini belum punya baris; tambahkan paling sedikit satu baris sebelum diajukan.',
			}[e.field] || null;
			if (jelas) setTimeout(() => slotAksi.querySelector('.galat')?.append(h('div', { class: 'galat-rinci' }, 'Keterangan: ', jelas)), 0);
			if (e instanceof ApiError && e.status === 412) tawarkanMuatUlang(slotAksi);
			throw e;
		}
		const wadah = el;
		wadah.replaceChildren();
		await halamanDokumen(wadah, ctx, id, { teks: `${judulDokumen(ctx, dok)} ${a.selesai}.`, rules: hasil.rules });
	}

	async function turunkan() {
		const alasan = h('textarea', { name: 'alasan', rows: 3, required: true });
		const ya = await konfirmasi(`Buat versi baru ${judulDokumen(ctx, dok)}?`,
			h('div', null, h('p', null, `Draf versi ${dok.versi + 1} dibuat dari versi terkunci ini, dengan semua barisnya.`), kolom('Alasan perubahan', alasan)),
			'Buat versi baru sekarang');
		if (!ya) return;
		const d = await post(ctx.p(`dokumen/${id}/turunan`), { alasan: alasan.value.trim() });
		location.hash = tautanDokumen(d.id);
	}

	// Every recorded evaluation of the rules on this version.
	const wadahAturan = h('div');
	async function muatAturan() {
		if (!ctx.bisa('GET', 'dokumen/{id}/rules')) return;
		try {
			const [r, paket] = await Promise.all([get(ctx.p(`dokumen/${id}/rules`)), aturanBerlaku(ctx)]);
			const items = [...r.items].sort((a, b) => b.evaluasi_id - a.evaluasi_id);
			if (!items.length) {
				wadahAturan.replaceChildren(h('p', { class: 'label' }, 'Belum ada evaluasi aturan yang tercatat untuk versi ini.'));
				return;
			}
			wadahAturan.replaceChildren(...items.map((ev, i) => {
				const lap = laporanTersimpan(ev, paket);
				return h('details', { class: 'evaluasi', open: i === 0 },
					h('summary', null, `${tanggal(ev.time)} · ${namaPeristiwa(ev.event)} · `,
						h('strong', { class: ev.accepted ? 'diterima' : 'ditolak' }, ev.accepted ? 'diterima' : 'ditolak'),
						` · ${hitungAturan(lap)}`),
					lap.results.length ? hasilAturan(lap) : h('p', { class: 'label' }, 'Tidak ada aturan yang berlaku untuk peristiwa ini.'),
					paket && paket.pack_hash !== ev.pack_hash ? h('p', { class: 'label' }, 'Dievaluasi dengan paket aturan lain (judul dan dasar hukum dari paket yang berlaku sekarang).') : null,
					rincianTeknis(['Peristiwa', ev.event], ['Paket aturan', ev.pack_hash]));
			}));
		} catch (e) {
			wadahAturan.replaceChildren(kotakGalat(e));
		}
	}

	gambarRingkas();
	gambarAksi();
	gambarTabel();
	if (pesanAwal) {
		slotAksi.replaceChildren(h('div', { class: 'sukses', role: 'status' }, pesanAwal.teks,
			pesanAwal.rules && pesanAwal.rules.results && pesanAwal.rules.results.some((r) => r.applies !== false) ? hasilAturan(pesanAwal.rules) : null));
		setTimeout(() => slotAksi.focus(), 0);
	}

	if (bisaUbah()) {
		formulir = rkpd ? formRkpd(ctx, dok, segarkan, () => etag) : rka ? formRka(ctx, dok, segarkan, () => etag) : null;
		el.append(formulir || h('p', null, 'Baris dokumen ini diisi dari sumbernya, bukan satu per satu.'));
		gambarTabel();
	} else if (dok.status === 'draft' && (rka || rkpd)) {
		el.append(h('p', { class: 'label' }, 'Peran Anda tidak mengubah baris dokumen ini.'));
	}
	// the findings the rules recorded (a DPA: its APBD's), and a Perubahan's or pergeseran's comparison
	const temuan = Array.isArray(dok.temuan) ? dok.temuan : [];
	if (!rkpd && !plafon) {
		const paket = temuan.length ? await aturanBerlaku(ctx).catch(() => null) : null;
		const judulAturan = (rule) => ((paket && paket.rules) || []).find((r) => r.rule === rule)?.title || rule;
		el.append(h('section', { 'aria-labelledby': 'h-temuan' }, h('h2', { id: 'h-temuan' }, 'Temuan aturan'),
			dok.temuan_dari ? h('p', { class: 'label' }, 'Temuan DPA adalah temuan APBD-nya (dokumen #', String(dok.temuan_dari), ').') : null,
			temuan.length ? daftarTemuan(temuan, { judulAturan }) : h('p', { class: 'label' }, 'Tidak ada temuan aturan yang tercatat pada versi ini.')));
	}
	if (adaPerbandingan(dok)) {
		const wadah = h('section', { 'aria-labelledby': 'h-banding' }, h('h2', { id: 'h-banding' }, 'Perbandingan sebelum dan sesudah'));
		el.append(wadah);
		try {
			wadah.append(...isiPerbandingan(ctx, dok, await get(ctx.p(`dokumen/${id}/perbandingan`))));
		} catch (e) {
			wadah.append(kotakGalat(e));
		}
	}
	el.append(slotRiwayat);
	if (ctx.bisa('GET', 'dokumen/{id}/rules')) {
		el.append(h('section', { 'aria-labelledby': 'h-aturan' }, h('h2', { id: 'h-aturan' }, 'Hasil aturan'),
			h('p', { class: 'label' }, 'Setiap evaluasi aturan yang tercatat untuk versi ini, termasuk yang menolak.'), wadahAturan));
		await muatAturan();
	}
}

// A stored evaluation (GET dokumen/{id}/rules) in the shape hasilAturan draws; titles and
// citations come from the pack in force when the stored result does not carry them. (Stored
// results have had English keys like the live report, and Indonesian ones: both are read.)
function laporanTersimpan(ev, paket) {
	const meta = new Map(((paket && paket.rules) || []).map((r) => [r.rule, r]));
	let errors = 0;
	let warnings = 0;
	let findings = 0;
	const results = (ev.results || []).map((x) => {
		const r = 'rule' in x ? { ...x } : {
			rule: x.rule_id, file: x.berkas, line: x.baris, severity: x.keparahan, applies: x.berlaku, passed: x.lolos,
			message: x.pesan, failures: (x.rincian || []).map((f) => ({ group: f.kode, message: f.pesan })),
		};
		const m = meta.get(r.rule) || {};
		r.title = r.title || m.title || r.rule;
		r.cite = r.cite || m.cite || null;
		if (r.applies !== false && !r.passed) {
			if (r.severity === 'error') errors++;
			else if (r.severity === 'finding') findings++;
			else warnings++;
		}
		return r;
	});
	return { event: ev.event, errors, warnings, findings, results };
}

// ---------------------------------------------------------------- fields shared by the forms

function isianSumberDana(listId) {
	const input = h('input', { name: 'sumber_dana', type: 'text', list: listId, autocomplete: 'off', spellcheck: 'false', placeholder: '1.1', inputmode: 'decimal' });
	const dl = h('datalist', { id: listId }, SUMBER_DANA.map(([k, n]) => h('option', { value: k, label: n }, n)));
	return { input, el: h('div', null, kolom('Sumber dana', input, 'Kode sumber dana, mis. 1.1 (PAD) atau 1.2 (transfer).'), dl) };
}

// A money input: parsed with parseRupiah, shown again as 1.234.567,89 when left.
function isianUang(name) {
	const input = h('input', { name, type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: '150.000,00' });
	input.addEventListener('blur', () => {
		const v = parseRupiah(input.value);
		if (v !== null) input.value = angka(v, 2);
	});
	return input;
}

function wajib(input, field, label) {
	const v = input.value.trim();
	if (!v) throw galatIsian(field, `${label} wajib diisi.`);
	return v;
}

// Replaces line @lama (PUT with the document's ETag). After a 412 (someone changed the draft) the
// document is read again, so saving once more sends the new ETag; the form stays as it is.
async function ganti(ctx, dok, lama, body, etagKini, segarkan) {
	try {
		return (await panggil('PUT', ctx.p(`dokumen/${dok.id}/baris/${lama}`), { body, ifMatch: etagKini() })).data;
	} catch (err) {
		if (err instanceof ApiError && err.status === 412) {
			await segarkan().catch(() => {});
			err.message = 'Dokumen ini sudah diubah orang lain dan kini dimuat ulang; periksa isian lalu simpan lagi';
		}
		throw err;
	}
}

// A form switched to replacing line @n of its kind (@kata: "item" or "baris"), focus on @fokus.
function modeUbah({ judulForm, btn, batal, slot }, kata, n, fokus) {
	judulForm.textContent = `Ubah ${kata} ${n}`;
	btn.textContent = 'Simpan perubahan';
	batal.hidden = false;
	slot.replaceChildren(h('p', { class: 'label' }, `Menyimpan mengganti ${kata} ${n} dengan isian ini (nomor baru; nomor lama tidak dipakai ulang).`));
	judulForm.scrollIntoView({ block: 'start' });
	fokus.focus();
}

// ---------------------------------------------------------------- the RKPD item form

function formRkpd(ctx, dok, segarkan, etagKini) {
	let diubah = null; // the item being replaced, or null when adding
	const opdSel = h('select', { name: 'opd_kode', required: true }, h('option', { value: '' }, '— pilih OPD —'),
		ctx.opd.filter((o) => ctx.milikOpd(o.kode)).map((o) => h('option', { value: o.kode }, `${o.nama}${o.singkatan ? ' (' + o.singkatan + ')' : ''}`)));
	const sub = pemilihSub(ctx, dok.tahun, () => opdSel.value || null);
	const indikator = h('input', { name: 'indikator', type: 'text', autocomplete: 'off' });
	const target = h('input', { name: 'target', type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: '12' });
	const satuan = h('input', { name: 'satuan', type: 'text', autocomplete: 'off', placeholder: 'unit' });
	const pagu = isianUang('pagu_indikatif');
	const lokasi = h('input', { name: 'lokasi', type: 'text', autocomplete: 'off' });
	const sumber = isianSumberDana(uid('sumber-dana'));
	const titik = h('input', { name: 'lokasi_titik', type: 'text', autocomplete: 'off', placeholder: '-0.9471,100.4172', inputmode: 'decimal' });
	const rpjmd = h('input', { name: 'rpjmd_kode', type: 'text', autocomplete: 'off' });
	const btn = h('button', { type: 'submit', class: 'utama' }, 'Simpan item');
	const slot = h('div', { class: 'slot penuh' });
	const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'h-form-rkpd' },
		h('div', { class: 'lebar' }, kolom('OPD', opdSel)),
		h('div', { class: 'lebar' }, sub.el),
		h('div', { class: 'lebar' }, kolom('Indikator', indikator, 'Indikator kinerja sub kegiatan.')),
		kolom('Target', target, 'Angka; desimal dengan koma, mis. 12 atau 2,5.'),
		kolom('Satuan', satuan),
		kolom('Pagu indikatif', pagu, 'Rupiah, mis. 1.500.000.000,00'),
		sumber.el,
		h('div', { class: 'lebar' }, kolom('Lokasi', lokasi, 'Kecamatan, kelurahan atau alamat.')),
		kolom('Titik lokasi (opsional)', titik, 'lintang,bujur dalam derajat desimal'),
		kolom('Kode RPJMD (opsional)', rpjmd),
		h('div', { class: 'aksi penuh' }, btn), slot);
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		sibuk(btn, slot, async () => {
			const body = {
				opd_kode: wajib(opdSel, '/opd_kode', 'OPD'),
				sub_kegiatan: await sub.nilai(),
				indikator: wajib(indikator, '/indikator', 'Indikator'),
				target: null, satuan: wajib(satuan, '/satuan', 'Satuan'),
				pagu_indikatif: parseRupiah(pagu.value),
				lokasi: wajib(lokasi, '/lokasi', 'Lokasi'),
				sumber_dana: wajib(sumber.input, '/sumber_dana', 'Sumber dana'),
			};
			body.target = parseDesimal(wajib(target, '/target', 'Target'));
			if (body.target === null) throw galatIsian('/target', `Target “${target.value}” bukan angka (paling banyak 4 desimal, mis. 12 atau 2,5).`);
			if (body.pagu_indikatif === null) throw galatIsian('/pagu_indikatif', `Pagu indikatif “${pagu.value}” bukan jumlah rupiah (mis. 1.500.000.000,00).`);
			if (titik.value.trim()) body.lokasi_titik = titik.value.trim().replace(/\s/g, '');
			if (rpjmd.value.trim()) body.rpjmd_kode = rpjmd.value.trim();
			const lama = diubah;
			const r = lama
				? await ganti(ctx, dok, lama, body, etagKini, segarkan)
				: await post(ctx.p(`dokumen/${dok.id}/baris`), body);
			kosongkan();
			await segarkan();
			sukses(slot, lama
				? `Item ${lama} diganti oleh item ${r.baris}: ${body.sub_kegiatan}, pagu indikatif ${rupiah(body.pagu_indikatif)}.`
				: `Item ${r.baris} tersimpan: ${body.sub_kegiatan}, pagu indikatif ${rupiah(body.pagu_indikatif)}.`);
			sub.input.focus();
		}, form);
	});
	const judulForm = h('h2', { id: 'h-form-rkpd', tabindex: '-1' }, 'Tambah item RKPD');
	const batal = h('button', { type: 'button', hidden: true }, 'Batal mengubah');
	btn.after(batal);
	function kosongkan() {
		for (const x of [indikator, target, satuan, pagu, lokasi, titik, rpjmd]) x.value = '';
		sub.reset();
		diubah = null;
		judulForm.textContent = 'Tambah item RKPD';
		btn.textContent = 'Simpan item';
		batal.hidden = true;
	}
	batal.addEventListener('click', () => { kosongkan(); slot.replaceChildren(); judulForm.focus(); });
	const section = h('section', { 'aria-labelledby': 'h-form-rkpd' }, judulForm, form);
	// An item into the form, to be saved as its replacement.
	section.ubah = (b) => {
		diubah = b.baris;
		opdSel.value = b.opd_kode;
		sub.input.value = b.sub_kegiatan;
		indikator.value = b.indikator;
		target.value = desimalId(b.target);
		satuan.value = b.satuan;
		pagu.value = angka(b.pagu_indikatif, 2);
		lokasi.value = b.lokasi;
		sumber.input.value = b.sumber_dana;
		titik.value = b.lokasi_titik || '';
		rpjmd.value = b.rpjmd_kode || '';
		modeUbah({ judulForm, btn, batal, slot }, 'item', b.baris, indikator);
	};
	return section;
}

// ---------------------------------------------------------------- the RKA line form

function formRka(ctx, dok, segarkan, etagKini) {
	const tahun = dok.tahun;
	let diubah = null; // the line being replaced, or null when adding
	const sub = pemilihSub(ctx, tahun, () => dok.opd_kode);

	// SSH item (optional): fills uraian, satuan, harga and ssh_kode.
	let ssh = null;
	let semuaSsh = null;
	const ketSsh = 'Standar satuan harga: pilih untuk mengisi uraian, satuan dan harga.';
	const kotakSsh = kotakPilih({
		label: 'Item SSH (opsional)', name: 'ssh_kode', placeholder: 'kode atau nama barang/jasa', ket: ketSsh,
		ubah: () => { ssh = null; },
		pilih: (it) => {
			ssh = it.item;
			uraian.value = ssh.uraian;
			harga.value = angka(ssh.harga, 2);
			const s0 = faktor[0] && faktor[0].satuan;
			if (s0 && !s0.value.trim()) s0.value = ssh.satuan;
			hitung();
		},
		cari: async (q) => {
			const t = q.trim();
			let items;
			if (/^\d/.test(t)) {
				items = (await get(ctx.p(`ssh?tahun=${tahun}&prefix=${encodeURIComponent(t)}&limit=60`))).items;
			} else {
				if (!semuaSsh) semuaSsh = semua(ctx.p(`ssh?tahun=${tahun}`), 5000).catch((e) => { semuaSsh = null; throw e; });
				const kata = t.toLowerCase().split(/\s+/).filter(Boolean);
				items = (await semuaSsh).filter((x) => kata.every((w) => x.uraian.toLowerCase().includes(w)));
			}
			return {
				items: items.slice(0, 60).map((x) => ({ nilai: x.kode, teks: [x.kode, `${x.uraian} · ${rupiah(x.harga)} per ${x.satuan}`], item: x,
					ket: `${x.uraian}: ${rupiah(x.harga)} per ${x.satuan}; boleh pada akun ${x.akun.join(', ')}` })),
				pesan: items.length ? `${items.length} item SSH cocok.` : `Tidak ada item SSH tahun ${tahun} yang cocok.`,
			};
		},
	});

	const akunInput = h('input', { id: uid('akun'), name: 'akun', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: '5.1.02.01.01.0024' });
	const ketAkun = h('small', { class: 'combo-ket', 'aria-live': 'polite', id: uid('ket-akun') });
	akunInput.setAttribute('aria-describedby', ketAkun.id);
	const awalan = ctx.sesi.izin.akun_baris;
	const batasAkun = awalan ? `Peran Anda hanya menambah ${awalan === '4' ? 'pendapatan' : awalan === '5' ? 'belanja' : 'akun'} (${awalan}.…).` : '';
	const sapaAkun = `Kode rekening level 6. ${batasAkun}`;
	ketAkun.textContent = sapaAkun;
	let akunGiliran = 0;
	async function periksaAkun() {
		const kode = akunInput.value.trim();
		const saya = ++akunGiliran;
		const tulis = (teks, salah) => {
			if (saya !== akunGiliran) return;
			ketAkun.textContent = teks;
			ketAkun.classList.toggle('salah', salah);
		};
		if (!kode) return tulis(sapaAkun, false);
		if (!/^[1-9](\.\d{1,2}){0,2}(\.\d{2}){0,2}(\.\d{4})?$/.test(kode)) return tulis(`“${kode}” bukan kode rekening (mis. 5.1.02.01.01.0024).`, true);
		try {
			const a = await akun(kode, tahun);
			if (a.level !== 6) tulis(`${a.kode} ${a.nama} adalah kode level ${a.level}; baris anggaran memerlukan kode level 6 (sub rincian objek).`, true);
			else if (!a.aktif) tulis(`${a.kode} ${a.nama} sudah tidak berlaku.`, true);
			else tulis(a.nama, false);
		} catch (e) {
			if (e.status === 404) tulis(`Kode rekening ${kode} tidak ada dalam bagan akun yang berlaku tahun ${tahun}.`, true);
			else if (e.status === 400) tulis(`“${kode}” bukan kode rekening yang sah.`, true);
			else tulis(e.message, true);
		}
	}
	akunInput.addEventListener('change', periksaAkun);
	akunInput.addEventListener('input', () => {
		if (/^\d(\.\d+){5}$/.test(akunInput.value.trim()) && akunInput.value.trim().length >= 17) periksaAkun();
	});

	const uraian = h('input', { name: 'uraian', type: 'text', autocomplete: 'off' });
	const harga = isianUang('harga_satuan');
	const sumber = isianSumberDana(uid('sumber-dana'));

	// Koefisien: one to four factors "2 orang" × "3 hari".
	const faktor = [];
	const wadahFaktor = h('div', { class: 'koef-daftar' });
	const tambahFaktor = h('button', { type: 'button' }, 'Tambah faktor');
	function barisFaktor() {
		const n = faktor.length + 1;
		const nilai = h('input', { name: 'koefisien', type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: '2', size: 6 });
		const satuan = h('input', { name: 'koefisien_satuan', type: 'text', autocomplete: 'off', placeholder: 'orang', size: 10 });
		const f = { nilai, satuan };
		const hapus = h('button', { type: 'button', 'aria-label': `Hapus faktor ${n}` }, 'Hapus');
		hapus.addEventListener('click', () => {
			const i = faktor.indexOf(f);
			faktor.splice(i, 1);
			gambarFaktor();
			(faktor[Math.max(0, i - 1)] || {}).nilai?.focus();
			hitung();
		});
		f.hapus = hapus;
		nilai.addEventListener('input', hitung);
		satuan.addEventListener('input', hitung);
		faktor.push(f);
		gambarFaktor();
		return f;
	}
	function gambarFaktor() {
		wadahFaktor.replaceChildren(...faktor.map((f, i) => {
			const idN = `${uid('koef')}`;
			const idS = `${uid('koef-sat')}`;
			f.nilai.id = idN;
			f.satuan.id = idS;
			f.hapus.setAttribute('aria-label', `Hapus faktor ${i + 1}`);
			return h('div', { class: 'koef-baris' },
				i ? h('span', { class: 'kali', 'aria-hidden': 'true' }, '×') : null,
				h('div', { class: 'kolom' }, h('label', { for: idN }, `Koefisien ${i + 1}`), f.nilai),
				h('div', { class: 'kolom' }, h('label', { for: idS }, `Satuan koefisien ${i + 1}`), f.satuan),
				faktor.length > 1 ? f.hapus : null);
		}));
		tambahFaktor.hidden = faktor.length >= 4;
	}
	tambahFaktor.addEventListener('click', () => {
		const f = barisFaktor();
		f.nilai.focus();
		hitung();
	});
	barisFaktor();

	// The live jumlah: product of the factors × harga, rounded half away from zero to the sen, in BigInt.
	const keluaran = h('output', { class: 'jumlah-langsung', id: uid('jumlah'), 'aria-live': 'polite' }, '–');
	const rincian = h('small', { class: 'jumlah-rincian' });
	function bacaFaktor() {
		return faktor.map((f, i) => {
			const v = f.nilai.value.trim();
			const s = f.satuan.value.trim();
			const d = parseDesimal(v);
			return { i, teks: v, satuan: s, desimal: d };
		});
	}
	function hitung() {
		const fs = bacaFaktor();
		const hs = parseRupiah(harga.value);
		const ok = fs.length && fs.every((f) => f.desimal !== null && toUnits(f.desimal, 4) > 0n);
		if (!ok || hs === null) {
			keluaran.textContent = '–';
			rincian.textContent = !ok ? 'Isi setiap koefisien dengan angka lebih dari nol (desimal dengan koma).' : 'Isi harga satuan, mis. 150.000,00.';
			return null;
		}
		let vol = 1n;
		for (const f of fs) vol *= toUnits(f.desimal, 4);
		const skala = 10n ** BigInt(4 * fs.length);
		const sen = divRound(vol * toUnits(hs, 2), skala);
		const jumlah = fromUnits(sen, 2);
		const volume = fromUnits(vol, 4 * fs.length).replace(/\.?0+$/, '');
		keluaran.textContent = rupiah(jumlah);
		rincian.textContent = `${fs.map((f) => `${desimalId(f.desimal)}${f.satuan ? ' ' + f.satuan : ''}`).join(' × ')} × ${rupiah(hs)} = ${rupiah(jumlah)} (volume ${desimalId(volume)})`;
		return { jumlah, volume };
	}
	harga.addEventListener('input', hitung);
	harga.addEventListener('blur', hitung);

	// tampilkanGalat marks the first input named like the field; a factor's own input is marked after it.
	function tandaiFaktor(input) {
		setTimeout(() => {
			form.querySelectorAll('[name^="koefisien"]').forEach((x) => x.removeAttribute('aria-invalid'));
			input.setAttribute('aria-invalid', 'true');
			input.focus();
		}, 0);
	}

	const btn = h('button', { type: 'submit', class: 'utama' }, 'Simpan baris');
	const slot = h('div', { class: 'slot penuh' });
	const labelJumlah = h('label', { for: keluaran.id }, 'Jumlah (dihitung)');
	const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'h-form-rka' },
		h('div', { class: 'lebar' }, sub.el),
		h('div', { class: 'lebar' }, kotakSsh.el),
		h('div', { class: 'kolom lebar' }, h('label', { for: akunInput.id }, 'Kode rekening'), akunInput, ketAkun),
		h('div', { class: 'lebar' }, kolom('Uraian', uraian)),
		h('fieldset', { class: 'koefisien penuh' }, h('legend', null, 'Koefisien (volume = hasil kali semua faktor)'), wadahFaktor, tambahFaktor),
		kolom('Harga satuan', harga, 'Rupiah, mis. 150.000,00'),
		sumber.el,
		h('div', { class: 'kolom lebar' }, labelJumlah, keluaran, rincian),
		h('div', { class: 'aksi penuh' }, btn), slot);
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		sibuk(btn, slot, async () => {
			const sk = await sub.nilai();
			const body = {
				sub_kegiatan: sk,
				akun: wajib(akunInput, '/akun', 'Kode rekening'),
				uraian: wajib(uraian, '/uraian', 'Uraian'),
				koefisien: [],
				harga_satuan: parseRupiah(harga.value),
				sumber_dana: wajib(sumber.input, '/sumber_dana', 'Sumber dana'),
			};
			for (const f of bacaFaktor()) {
				const field = `/koefisien/${f.i}`;
				if (f.desimal === null || toUnits(f.desimal, 4) === 0n) {
					tandaiFaktor(faktor[f.i].nilai);
					throw galatIsian(field, `Koefisien ${f.i + 1} “${f.teks}” harus angka lebih dari nol dengan paling banyak 4 desimal (mis. 2 atau 2,5).`);
				}
				if (!f.satuan) {
					tandaiFaktor(faktor[f.i].satuan);
					throw galatIsian(field, `Satuan koefisien ${f.i + 1} wajib diisi (mis. orang, hari, paket).`);
				}
				body.koefisien.push(`${f.desimal} ${f.satuan}`);
			}
			if (body.harga_satuan === null) throw galatIsian('/harga_satuan', `Harga satuan “${harga.value}” bukan jumlah rupiah (mis. 150.000,00).`);
			if (ssh) body.ssh_kode = ssh.kode;
			else if (kotakSsh.input.value.trim()) throw galatIsian('/ssh_kode', 'Pilih item SSH dari daftar, atau kosongkan isian itu.');
			const terlihat = hitung();
			let r;
			const lama = diubah;
			try {
				r = lama
					? await ganti(ctx, dok, lama, body, etagKini, segarkan)
					: await post(ctx.p(`dokumen/${dok.id}/baris`), body);
			} catch (err) {
				if (err instanceof ApiError && err.field === '/akun') {
					// The API's detail is technical; add what the look-up found, in plain words.
					await periksaAkun();
					if (ketAkun.classList.contains('salah')) {
						const teks = ketAkun.textContent;
						setTimeout(() => slot.querySelector('.galat')?.append(h('div', { class: 'galat-rinci' }, 'Keterangan: ', teks)), 0);
					}
				}
				const m = err instanceof ApiError && /^\/koefisien\/(\d+)$/.exec(err.field || '');
				if (m && faktor[+m[1]]) tandaiFaktor(faktor[+m[1]].nilai);
				throw err;
			}
			kosongkanRka();
			await segarkan();
			const beda = terlihat && terlihat.jumlah !== r.jumlah ? ` (perhitungan layar ${rupiah(terlihat.jumlah)} berbeda; yang berlaku dari server)` : '';
			sukses(slot, `${lama ? `Baris ${lama} diganti oleh baris ${r.baris}` : `Baris ${r.baris} tersimpan`}: ${body.koefisien.map(faktorId).join(' × ')} × ${rupiah(body.harga_satuan)} = ${rupiah(r.jumlah)}${beda}.`);
			uraian.focus();
		}, form);
	});
	hitung();
	const judulForm = h('h2', { id: 'h-form-rka', tabindex: '-1' }, 'Tambah baris RKA');
	const batal = h('button', { type: 'button', hidden: true }, 'Batal mengubah');
	btn.after(batal);
	// Back to adding: sub kegiatan, akun and sumber dana stay for the next line of the same kind.
	function kosongkanRka() {
		diubah = null;
		judulForm.textContent = 'Tambah baris RKA';
		btn.textContent = 'Simpan baris';
		batal.hidden = true;
		uraian.value = '';
		harga.value = '';
		kotakSsh.input.value = '';
		kotakSsh.tandai(ketSsh, false);
		ssh = null;
		faktor.splice(0);
		barisFaktor();
		hitung();
	}
	batal.addEventListener('click', () => {
		kosongkanRka();
		slot.replaceChildren();
		judulForm.focus();
	});
	const section = h('section', { 'aria-labelledby': 'h-form-rka' }, judulForm,
		dok.opd_kode ? h('p', { class: 'label' }, `Untuk ${namaOpdPanjang(ctx, dok.opd_kode)}; koefisien × harga satuan dibulatkan ke sen (setengah menjauhi nol).`) : null,
		form);
	// A line into the form, to be saved as its replacement.
	section.ubah = (b) => {
		diubah = b.baris;
		sub.input.value = b.sub_kegiatan;
		akunInput.value = b.akun;
		periksaAkun();
		uraian.value = b.uraian;
		faktor.splice(0);
		for (const k of b.koefisien.length ? b.koefisien : ['']) {
			const f = barisFaktor();
			const sp = k.indexOf(' ');
			f.nilai.value = sp > 0 ? desimalId(k.slice(0, sp)) : k;
			f.satuan.value = sp > 0 ? k.slice(sp + 1) : '';
		}
		gambarFaktor();
		harga.value = angka(b.harga_satuan, 2);
		sumber.input.value = b.sumber_dana;
		const kodeSsh = b.ssh_kode || (b.ssh && b.ssh.kode) || null;
		ssh = kodeSsh ? { kode: kodeSsh } : null;
		kotakSsh.input.value = kodeSsh || '';
		hitung();
		modeUbah({ judulForm, btn, batal, slot }, 'baris', b.baris, uraian);
	};
	return section;
}
