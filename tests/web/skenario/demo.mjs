// demo.mjs - the demo year as a new user first meets it: a second `pagu serve` on a private
// cluster of its own, loading the real demo (`pagu serve` without --demo=uji; the other scenarios
// run on the tests' fixture year), and the overview (#/ringkasan) of Kota Padang 2026 in the
// console: a balanced budget with pendapatan and belanja as the API gives them, realisation
// through September, every mandatory-spending rule met, and what the rules recorded as findings.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, foto, tenang } from '../lib.mjs';
import { rupiah } from '../../../web/js/format.js';

const PEMDA = '13.71';
const TAHUN = 2026;
const P = `/v1/pemda/${PEMDA}`;

// `pagu serve` on a new --var: it creates its own PostgreSQL cluster, migrates and loads the demo.
async function serverDemo() {
	const dir = mkdtempSync(join(tmpdir(), 'pagu-demo-'));
	chmodSync(dir, 0o755); // the cluster may run as another system user (when we are root)
	const portFile = join(dir, 'port');
	const env = { ...process.env, PAGU_SEAL_INTERVAL: '0', PAGU_CHECKPOINT_INTERVAL: '0',
		PAGU_CHECKPOINT_LOG: join(dir, 'checkpoint.log') };
	const pagu = (...args) => execFileSync(process.env.PAGU_BIN, [`--var=${dir}`, ...args],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	const stop = async () => {
		if (child.exitCode === null) {
			child.kill('SIGTERM');
			await selesai;
		}
		try { pagu('db', 'stop', '--immediate'); } catch { /* the cluster may not have started */ }
		if (!process.env.PAGU_TEST_KEEP) execFileSync('/bin/rm', ['-rf', dir]);
	};
	const child = spawn(process.env.PAGU_BIN, [`--var=${dir}`, '--listen=127.0.0.1:0', `--port-file=${portFile}`,
		'--threads=2', 'serve'], { env, stdio: 'ignore' });
	const selesai = new Promise((resolve) => child.on('exit', resolve));
	const t0 = Date.now();
	// the demo's four years load in about a minute and a half on a busy 2-core machine
	while (!existsSync(portFile)) {
		if (child.exitCode !== null || Date.now() - t0 > 600000) {
			const why = child.exitCode !== null ? `exited with ${child.exitCode}` : 'did not start within 10 minutes';
			await stop();
			throw new Error(`pagu serve with the demo ${why}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	const base = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
	const token = (role) => {
		const t = pagu('token', 'create', '--pemda', PEMDA, '--role', role, '--name', `uji demo ${role}`).trim().split('\n').pop().trim();
		assert.match(t, /^pagu_/, 'pagu token create printed no token');
		return t;
	};
	const get = async (tok, path) => {
		const res = await fetch(base + path, { headers: { Authorization: 'Bearer ' + tok } });
		assert.equal(res.status, 200, `GET ${path}`);
		return res.json();
	};
	return { base, token, get, stop };
}

export async function ujiDemoRingkasan(browser) {
	const srv = await serverDemo();
	try {
		const tok = srv.token('finance');
		const lra = await srv.get(tok, `${P}/laporan/lra?tahun=${TAHUN}`);
		const real = await srv.get(tok, `${P}/ledger/realisasi?tahun=${TAHUN}&akun=5`); // belanja only
		const temuan = await srv.get(tok, `${P}/rules/temuan?tahun=${TAHUN}`);
		const r = lra.ringkasan;

		const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID',
			timezoneId: 'Asia/Jakarta' });
		const page = await context.newPage();
		const galat = [];
		page.on('pageerror', (e) => galat.push(String(e)));
		page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) galat.push(m.text()); });
		page.berjalan = 0;
		page.on('request', () => { page.berjalan++; });
		page.on('requestfinished', () => { page.berjalan--; });
		page.on('requestfailed', () => { page.berjalan--; });
		await page.goto(srv.base + '/');
		await page.getByLabel('Token akses').fill(tok);
		await page.getByRole('button', { name: 'Masuk' }).click();
		await page.locator('#pengguna').waitFor();
		await page.getByLabel('Tahun anggaran').selectOption(String(TAHUN));
		await page.locator('main .layar:not([aria-busy])').waitFor();
		await page.evaluate(() => { location.hash = '#/ringkasan'; });
		await page.locator('main .layar:not([aria-busy])').waitFor();
		await page.locator('#status-identitas').waitFor();
		await page.locator('.tabel-wajib').waitFor();
		await tenang(page, 60000);

		// Pendapatan and belanja as the API gives them, neither zero; the budget balances (SiLPA 0).
		assert.notEqual(r.pendapatan.anggaran, '0.00', 'the demo year has pendapatan');
		assert.notEqual(r.belanja.anggaran, '0.00', 'the demo year has belanja');
		const pend = page.getByRole('group', { name: 'Pendapatan' });
		assert.ok((await pend.textContent()).includes(rupiah(r.pendapatan.anggaran)), 'pendapatan as the API gives it');
		assert.equal((await page.locator('#belanja-anggaran').textContent()).trim(), rupiah(r.belanja.anggaran));
		assert.match(await page.locator('#status-identitas').textContent(), /Anggaran seimbang/);
		assert.equal(await page.locator('#identitas-apbd.seimbang').count(), 1, 'the identity is drawn balanced');
		assert.equal((await page.locator('#silpa-anggaran').textContent()).trim(), 'Rp0,00');

		// Realisation: non-zero, as the API gives it, and cumulative spending through September.
		assert.notEqual(r.belanja.realisasi, '0.00', 'the demo year is executed');
		assert.notEqual(r.pendapatan.realisasi, '0.00', 'revenue came in');
		assert.equal((await page.locator('#belanja-realisasi').textContent()).trim(), rupiah(r.belanja.realisasi));
		const bulan = (b) => real.periode.find((p) => p.bulan === b);
		assert.notEqual(bulan(9).belanja, '0.00', 'spending in September');
		assert.equal(bulan(9).belanja_kumulatif, r.belanja.realisasi, 'realisation through September is the LRA\'s');
		assert.equal(bulan(10).belanja, '0.00', 'nothing after September');
		await page.locator('#ringkasan-bulanan summary', { hasText: 'Tabel data' }).click();
		const sep = await page.locator('.tabel-bulanan tbody tr').nth(8).textContent();
		assert.ok(sep.includes('September') && sep.includes(rupiah(bulan(9).belanja_kumulatif)), `September's row: ${sep}`);
		assert.equal(await page.locator('#grafik-kosong').count(), 0, 'the chart has data');
		// the chart's totals are belanja's and pendapatan's, not mixed with pembiayaan
		const judulTabel = await page.locator('.tabel-bulanan caption').textContent();
		assert.ok(judulTabel.includes(`Pagu belanja ${rupiah(r.belanja.anggaran)}`), judulTabel);
		assert.ok(judulTabel.includes(`target pendapatan ${rupiah(r.pendapatan.anggaran)}`), judulTabel);
		assert.ok(sep.includes(rupiah(r.pendapatan.realisasi)), `pendapatan through September: ${sep}`);

		// Every mandatory-spending rule applies and passes: no Melanggar, no Peringatan, no Temuan.
		const status = await page.locator('.tabel-wajib tbody .aturan-status').allTextContents();
		const wajib = await page.locator('.tabel-wajib tbody tr[data-rule]').evaluateAll((tr) => tr.map((x) => x.dataset.rule));
		for (const id of ['belanja_pegawai_maks_30', 'pendidikan_min_20', 'belanja_infrastruktur_min_40'])
			assert.ok(wajib.includes(id), `${id} is shown: ${wajib}`);
		assert.ok(status.length >= 3, `mandatory-spending rows: ${status}`);
		// a rule the pack keeps switched off (health: UU 17/2023 repealed the 10%) is "Tidak berlaku"
		assert.deepEqual(status.map((s) => s.trim()).filter((s) => s !== 'Lulus' && s !== 'Tidak berlaku'), [],
			`every mandatory share passes: ${wajib} ${status}`);
		for (const id of ['belanja_pegawai_maks_30', 'pendidikan_min_20', 'belanja_infrastruktur_min_40'])
			assert.equal((await page.locator(`.tabel-wajib tr[data-rule="${id}"] .aturan-status`).textContent()).trim(), 'Lulus', id);
		assert.match(await page.locator('#kesimpulan-wajib').textContent(), /Semua aturan wajib terpenuhi/);

		// The findings of the year, as GET …/rules/temuan gives them: none for a lawful year.
		assert.equal(temuan.jumlah, 0, `the demo year has no findings: ${JSON.stringify(temuan.items).slice(0, 300)}`);
		assert.match(await page.locator('#ringkasan-temuan').textContent(), /Tidak ada temuan aturan/);

		assert.deepEqual(galat, [], 'no script errors');
		await foto(page, 'demo-ringkasan-2026');
		await context.close();
	} finally {
		await srv.stop();
	}
}
