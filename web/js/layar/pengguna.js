// pengguna.js - Pengguna (#/pengguna, admin): the pemda's staff accounts (create: the first
// one-time code shown once; change roles, OPD and jabatan; nonaktif/aktif; reset with a new
// one-time code; end their sessions) and the security settings (TOTP required per role, idle
// and absolute session expiry).
import { get, panggil } from '../api.js';
import { bagianLayar, h, judul, kolom, konfirmasi, PERAN, sibuk, sukses, tabel } from '../ui.js';

function kodeSekali(slot, nama, kode) {
	slot.replaceChildren(h('div', { class: 'sukses', role: 'status' },
		h('p', null, `Kode sekali pakai untuk ${nama}. Serahkan langsung kepada yang bersangkutan; kode ini hanya ditampilkan sekarang, berlaku 72 jam, dan harus diganti dengan sandi sendiri saat masuk pertama.`),
		h('code', { class: 'rahasia', id: 'kode-sekali' }, kode)));
}

export async function tampilkan(el, ctx) {
	el.append(judul('Pengguna', `Akun staf ${ctx.sesi.pemda.nama}: masuk dengan NIP dan sandi.`));
	const slot = h('div', { class: 'slot' });
	const daftar = h('div');
	const peranCek = (nama, pilih = []) => h('fieldset', { class: 'pilihan' }, h('legend', null, 'Peran'),
		Object.entries(PERAN).map(([k, v]) => h('label', null,
			h('input', { type: 'checkbox', name: nama, value: k, checked: pilih.includes(k) }), ' ', v)));
	const opdPilih = (nilai) => h('select', { name: 'opd_kode' }, h('option', { value: '' }, 'Semua OPD'),
		ctx.opd.map((o) => h('option', { value: o.kode, selected: o.kode === nilai }, o.singkatan || o.nama)));
	const aksi = (u) => {
		const p = (rest) => ctx.p(`pengguna/${u.id}/${rest}`);
		const tombol = (teks, fn) => h('button', { type: 'button', onclick: (e) => sibuk(e.target, slot, fn) }, teks);
		return h('div', { class: 'aksi' },
			u.status === 'nonaktif'
				? tombol('Aktifkan', async () => { await panggil('POST', p('aktif')); sukses(slot, `${u.nama} aktif kembali.`); await muat(); })
				: tombol('Nonaktifkan', async () => {
					if (!(await konfirmasi('Nonaktifkan pengguna?', `${u.nama} langsung keluar dari semua sesi dan tidak dapat masuk.`, 'Ya, nonaktifkan'))) return;
					await panggil('POST', p('nonaktif'));
					sukses(slot, `${u.nama} dinonaktifkan.`);
					await muat();
				}),
			tombol('Atur ulang sandi', async () => {
				if (!(await konfirmasi('Atur ulang sandi?', `${u.nama} mendapat kode sekali pakai baru dan harus membuat sandi baru.`, 'Ya, atur ulang'))) return;
				const r = (await panggil('POST', p('reset'), { body: {} })).data;
				kodeSekali(slot, u.nama, r.kode_sekali);
			}),
			tombol('Akhiri sesinya', async () => { await panggil('POST', p('sesi/akhiri')); sukses(slot, `Semua sesi ${u.nama} diakhiri.`); }),
			tombol('Ubah', async () => ubah(u)));
	};
	const ubah = (u) => {
		const nama = h('input', { name: 'nama', value: u.nama, required: true });
		const jabatan = h('input', { name: 'jabatan', value: u.jabatan || '' });
		const peran = peranCek('peran', u.peran || []);
		const opd = opdPilih(u.opd_kode);
		const f = h('form', { class: 'form', onsubmit: async (e) => {
			e.preventDefault();
			await sibuk(f.querySelector('button'), slot, async () => {
				await panggil('PATCH', ctx.p(`pengguna/${u.id}`), { body: { nama: nama.value.trim(), jabatan: jabatan.value.trim(),
					peran: [...f.querySelectorAll('input[name=peran]:checked')].map((x) => x.value), opd_kode: opd.value || null } });
				sukses(slot, `Data ${nama.value} disimpan.`);
				await muat();
			}, f);
		} }, kolom('Nama', nama), kolom('Jabatan', jabatan), peran, kolom('OPD', opd), h('button', { type: 'submit', class: 'utama' }, 'Simpan'));
		slot.replaceChildren(bagianLayar('pengguna-ubah', `Ubah ${u.nama}`, f));
	};
	const muat = async () => {
		const d = await get(ctx.p('pengguna'));
		daftar.replaceChildren(tabel([
			{ judul: 'NIP', isi: (u) => u.nip },
			{ judul: 'Nama', isi: (u) => u.nama },
			{ judul: 'Jabatan', isi: (u) => u.jabatan || '' },
			{ judul: 'Peran', isi: (u) => (u.peran || []).map((x) => PERAN[x] || x).join(', ') },
			{ judul: 'OPD', isi: (u) => (u.opd_kode ? ctx.namaOpd(u.opd_kode) : 'Semua') },
			{ judul: 'Status', isi: (u) => (u.status === 'nonaktif' ? 'Nonaktif' : 'Aktif') },
			{ judul: '', isi: aksi },
		], d.items || [], { caption: 'Pengguna pemda ini', kosong: 'Belum ada pengguna.' }));
	};
	const nip = h('input', { name: 'nip', required: true, inputmode: 'numeric' });
	const nama = h('input', { name: 'nama', required: true });
	const jabatan = h('input', { name: 'jabatan' });
	const opd = opdPilih('');
	const baru = h('div', { class: 'slot' });
	const form = h('form', { class: 'form', onsubmit: async (e) => {
		e.preventDefault();
		await sibuk(form.querySelector('button[type=submit]'), baru, async () => {
			const body = { nip: nip.value.trim(), nama: nama.value.trim(), jabatan: jabatan.value.trim(),
				peran: [...form.querySelectorAll('input[name=peran_baru]:checked')].map((x) => x.value), opd_kode: opd.value || null };
			const r = (await panggil('POST', ctx.p('pengguna'), { body })).data;
			kodeSekali(baru, body.nama, r.kode_sekali);
			form.reset();
			await muat();
		}, form);
	} }, kolom('NIP atau nama pengguna', nip), kolom('Nama lengkap', nama), kolom('Jabatan', jabatan),
	peranCek('peran_baru'), kolom('OPD', opd, 'Pilih OPD untuk staf perencana OPD; kosongkan untuk staf BPKAD, Bappeda, Inspektorat.'),
	h('button', { type: 'submit', class: 'utama' }, 'Buat pengguna'));
	el.append(slot, bagianLayar('pengguna-daftar', 'Daftar pengguna', daftar), bagianLayar('pengguna-buat', 'Tambah pengguna', form, baru),
		bagianLayar('pengguna-keamanan', 'Pengaturan keamanan', await keamanan(ctx)));
	await muat();
}

async function keamanan(ctx) {
	const slot = h('div', { class: 'slot' });
	const k = (await get(ctx.p('pengaturan/keamanan'))) || {};
	const idle = h('input', { name: 'idle_menit', type: 'number', min: 5, max: 1440, value: k.idle_menit || 30 });
	const mutlak = h('input', { name: 'mutlak_jam', type: 'number', min: 1, max: 72, value: k.mutlak_jam || 12 });
	const f = h('form', { class: 'form', onsubmit: async (e) => {
		e.preventDefault();
		await sibuk(f.querySelector('button'), slot, async () => {
			await panggil('PUT', ctx.p('pengaturan/keamanan'), { body: {
				totp_wajib: [...f.querySelectorAll('input[name=totp_wajib]:checked')].map((x) => x.value),
				idle_menit: Number(idle.value), mutlak_jam: Number(mutlak.value) } });
			sukses(slot, 'Pengaturan keamanan disimpan.');
		}, f);
	} },
	h('fieldset', { class: 'pilihan' }, h('legend', null, 'Wajib kode verifikasi untuk peran'),
		Object.entries(PERAN).map(([kk, v]) => h('label', null,
			h('input', { type: 'checkbox', name: 'totp_wajib', value: kk, checked: (k.totp_wajib || []).includes(kk) }), ' ', v))),
	kolom('Keluar otomatis bila tidak aktif (menit)', idle), kolom('Lama sesi paling lama (jam)', mutlak),
	h('button', { type: 'submit', class: 'utama' }, 'Simpan pengaturan'), slot);
	return f;
}
