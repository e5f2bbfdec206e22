// akun.mjs - people sign in (issue 19): the pemda's first admin (made with `pagu user create`)
// signs in with NIP and the one-time code, makes a sandi and sets up TOTP; creates a finance user
// and an OPD planner in the browser (each one-time code shown once) and an API token (the secret
// shown once, then revoked); finance signs in with the code, makes a sandi, enrols TOTP, signs
// out and in again with a code oathtool computes; the planner makes a sandi, a new tab stays
// signed in, signs out; a wrong sandi again and again meets the 429 message with the wait.
import { execFileSync } from 'node:child_process';
import { assert, BASE, foto, PEMDA } from '../lib.mjs';

const DINKES = '1.02.0.00.0.00.01.0000';
const nipAcak = (awal) => awal + String(Date.now()).slice(-8).padStart(8, '0');

function totp(rahasia, geser = 0) {
	const args = ['--totp', '-b', rahasia];
	if (geser) args.push('-N', `now + ${geser} seconds`);
	return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

async function halaman(context) {
	const page = await context.newPage();
	page.galat = [];
	page.on('pageerror', (e) => page.galat.push(String(e)));
	return page;
}

const siap = (page) => page.locator('main .layar:not([aria-busy])').waitFor();

async function masukSandi(page, nip, sandi) {
	await page.goto(BASE + '/');
	await page.getByLabel('NIP atau nama pengguna').fill(nip);
	await page.getByLabel('Sandi', { exact: true }).fill(sandi);
	await page.getByRole('button', { name: 'Masuk' }).click();
}

// The first sign-in with a one-time code: a sandi of one's own, then TOTP when asked or @totp.
async function masukPertama(page, nip, kode, sandiBaru, totpJuga) {
	await masukSandi(page, nip, kode);
	await page.getByRole('heading', { name: 'Buat sandi baru' }).waitFor();
	// nothing but Akun saya while restricted
	assert.deepEqual(await page.locator('#menu a').allInnerTexts(), ['Akun saya']);
	await page.getByLabel('Sandi baru', { exact: true }).fill(sandiBaru);
	await page.getByLabel('Ulangi sandi baru').fill(sandiBaru);
	await page.getByRole('button', { name: 'Ganti sandi' }).click();
	await page.waitForLoadState('load');
	await page.locator('#pengguna').waitFor();
	await siap(page);
	if (!totpJuga) return null;
	if (!page.url().endsWith('#/akun')) {
		await page.evaluate(() => { location.hash = '#/akun'; });
		await siap(page);
	}
	await page.getByRole('button', { name: 'Siapkan kode verifikasi' }).click();
	const rahasia = (await page.locator('#totp-rahasia').innerText()).trim();
	assert.match(rahasia, /^[A-Z2-7]+=*$/);
	assert.match(await page.locator('img.qr').getAttribute('src'), /^data:image\/svg\+xml;base64,/);
	const kodeAktif = totp(rahasia);
	await page.getByLabel('Kode dari aplikasi').fill(kodeAktif);
	await page.getByRole('button', { name: 'Aktifkan' }).click();
	await page.locator('#kode-pemulihan li').first().waitFor();
	assert.equal(await page.locator('#kode-pemulihan li').count(), 10);
	await foto(page, 'akun-kode-pemulihan');
	const lanjut = page.getByRole('button', { name: 'Lanjutkan' });
	if (await lanjut.count()) {
		await lanjut.click();
		await page.waitForLoadState('load');
	}
	return { rahasia, kodeAktif };
}

async function keluar(page) {
	await page.getByRole('button', { name: 'Keluar' }).click();
	await page.getByLabel('NIP atau nama pengguna').waitFor();
	// the session ended on the server: the cookie no longer signs anyone in
	assert.equal(await page.evaluate(async () => (await fetch('/v1/sesi')).status), 401);
}

export async function ujiAkunDanMasuk(browser) {
	// the pemda's first admin, from the command line
	const nipAdmin = nipAcak('1970010120');
	const kodeAdmin = execFileSync(process.env.PAGU_BIN, [`--var=${process.env.PAGU_VAR_DIR}`, 'user', 'create',
		'--pemda', PEMDA, '--nip', nipAdmin, '--name', 'Rina Admin', '--role', 'admin'],
	{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop().trim();
	assert.ok(kodeAdmin.length >= 8, 'pagu user create printed no one-time code');

	const ca = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
	const admin = await halaman(ca);
	await masukPertama(admin, nipAdmin, kodeAdmin, 'teh manis hangat sore ini', true);
	await admin.locator('#pengguna').waitFor();
	const menu = await admin.locator('#menu a').allInnerTexts();
	for (const m of ['Akun saya', 'Pengguna', 'Token API']) assert.ok(menu.includes(m), `admin's menu lacks ${m}: ${menu}`);

	// a finance user and an OPD planner, made in the browser; each code shown once
	const buat = async (nip, nama, peran, opd) => {
		await admin.evaluate(() => { location.hash = '#/pengguna'; });
		await siap(admin);
		const f = admin.locator('#pengguna-buat');
		await f.getByLabel('NIP atau nama pengguna').fill(nip);
		await f.getByLabel('Nama lengkap').fill(nama);
		await f.getByLabel('Jabatan').fill('Staf');
		await f.getByLabel(peran).check();
		if (opd) await f.getByLabel('OPD').selectOption(opd);
		await f.getByRole('button', { name: 'Buat pengguna' }).click();
		const kode = (await admin.locator('#kode-sekali').innerText()).trim();
		assert.ok(kode.length >= 8);
		await admin.locator('#pengguna-daftar').getByText(nama).waitFor();
		return kode;
	};
	const nipKeu = nipAcak('1980020220'), nipRen = nipAcak('1985030320');
	const kodeKeu = await buat(nipKeu, 'Budi Keuangan', 'Keuangan (BPKAD/TAPD)', null);
	const kodeRen = await buat(nipRen, 'Sari Perencana', 'Perencana', DINKES);
	await foto(admin, 'akun-pengguna');

	// an API token: its secret once, then revoked from the list
	await admin.evaluate(() => { location.hash = '#/token'; });
	await siap(admin);
	await admin.getByLabel('Nama pemakai token').fill('Aplikasi Bapenda uji');
	await admin.getByLabel('Peran').selectOption('revenue');
	await admin.getByRole('button', { name: 'Buat token' }).click();
	const rahasiaToken = (await admin.locator('#token-rahasia').innerText()).trim();
	assert.match(rahasiaToken, /^pagu_[A-Za-z0-9_-]{43}$/);
	const pakai = async () => (await fetch(BASE + '/v1/sesi', { headers: { Authorization: 'Bearer ' + rahasiaToken } })).status;
	assert.equal(await pakai(), 200);
	await admin.locator('tr', { hasText: 'Aplikasi Bapenda uji' }).getByRole('button', { name: 'Cabut' }).click();
	await admin.getByRole('button', { name: 'Ya, cabut' }).click();
	await admin.getByText('Token “Aplikasi Bapenda uji” dicabut.').waitFor();
	assert.equal(await pakai(), 401);
	assert.deepEqual(admin.galat, []);
	await keluar(admin);

	// finance: the code, a sandi, TOTP; out, and in again with a code of the authenticator
	const ck = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
	const keu = await halaman(ck);
	const sandiKeu = 'kopi tubruk pagi';
	const t = await masukPertama(keu, nipKeu, kodeKeu, sandiKeu, true);
	await keu.locator('#pengguna').waitFor();
	assert.ok(!(await keu.locator('#menu a').allInnerTexts()).includes('Pengguna'));
	await keluar(keu);
	await masukSandi(keu, nipKeu, sandiKeu);
	await keu.getByLabel('Kode verifikasi').waitFor();
	// a code is used once: the next step's when the current is the one that activated it
	let kode = totp(t.rahasia);
	if (kode === t.kodeAktif) kode = totp(t.rahasia, 30);
	await keu.getByLabel('Kode verifikasi').fill(kode);
	await keu.getByRole('button', { name: 'Masuk' }).click();
	await keu.locator('#pengguna').waitFor();
	assert.match(await keu.locator('#pengguna').innerText(), /Budi Keuangan/);
	await foto(keu, 'akun-keuangan-masuk');
	assert.deepEqual(keu.galat, []);
	await keluar(keu);

	// the planner: a sandi of 15 characters or more (no second factor required of the role); a new
	// tab of the same browser is signed in too; out
	const cr = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
	const ren = await halaman(cr);
	const sandiRen = 'sayur asem dan tempe goreng';
	await masukPertama(ren, nipRen, kodeRen, sandiRen, false);
	await ren.locator('#pengguna').waitFor();
	const tab = await halaman(cr);
	await tab.goto(BASE + '/');
	await tab.locator('#pengguna').waitFor();
	assert.match(await tab.locator('#pengguna').innerText(), /Sari Perencana/);
	await tab.close();
	await ren.reload();
	await ren.locator('#pengguna').waitFor();
	assert.deepEqual(ren.galat, []);
	await keluar(ren);

	// a wrong sandi again and again: told how long to wait, in Indonesian
	let pesan = '';
	for (let i = 0; i < 10 && !/Terlalu banyak percobaan/.test(pesan); i++) {
		await ren.getByLabel('NIP atau nama pengguna').fill(nipRen);
		await ren.getByLabel('Sandi', { exact: true }).fill('bukan sandi yang benar ' + i);
		const jawab = ren.waitForResponse((r) => r.url().endsWith('/v1/masuk'));
		await ren.getByRole('button', { name: 'Masuk' }).click();
		await jawab;
		await ren.getByRole('alert').waitFor();
		pesan = await ren.getByRole('alert').innerText();
		if (i < 4) assert.match(pesan, /NIP atau sandi salah/);
	}
	assert.match(pesan, /Terlalu banyak percobaan masuk\. Demi keamanan akun, tunggu \d+ (menit|detik) lalu coba lagi\./);
	await foto(ren, 'akun-terlalu-banyak');
	await ca.close();
	await ck.close();
	await cr.close();
}
