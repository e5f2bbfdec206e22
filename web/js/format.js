// format.js - numbers, money and dates in the id-ID format, on exact decimal strings.
//
// Money arrives from the API as decimal text ("1234567.89", "-5.00"). It is never
// turned into a JavaScript number: formatting and parsing work on the digits, and
// arithmetic (a live jumlah) on BigInt sen.

const DIGITS = /^-?\d+(\.\d+)?$/;

// Thousands with "." and decimals with ",": "1234567.8" -> "1.234.567,80" (places = 2).
export function angka(text, places = null) {
	if (text === null || text === undefined || text === '') return '–';
	const s = String(text);
	if (!DIGITS.test(s)) return s;
	const neg = s.startsWith('-');
	let [whole, frac = ''] = (neg ? s.slice(1) : s).split('.');
	if (places !== null) frac = (frac + '0'.repeat(places)).slice(0, places);
	whole = whole.replace(/^0+(?=\d)/, '');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	const isZero = /^[0.]*$/.test(whole + frac);
	return (neg && !isZero ? '-' : '') + grouped + (frac ? ',' + frac : '');
}

// "1234567.89" -> "Rp1.234.567,89"; "-5" -> "-Rp5,00".
export function rupiah(text) {
	if (text === null || text === undefined || text === '') return '–';
	const s = angka(text, 2);
	if (s === '–' || !/^-?[\d.]+,\d\d$/.test(s)) return s;
	return s.startsWith('-') ? '-Rp' + s.slice(1) : 'Rp' + s;
}

// A percentage given as decimal text: "30.5" -> "30,50%".
export function persen(text) {
	if (text === null || text === undefined || text === '') return '–';
	return angka(text, 2) + '%';
}

// What a person types as money ("1.234.567,89", "Rp 1.500.000", "1500000,5", "1500000")
// to the API's decimal text ("1234567.89"); null when it is not an amount.
export function parseRupiah(input) {
	let s = String(input ?? '').trim().replace(/^Rp\.?\s*/i, '').replace(/\s/g, '');
	if (s === '') return null;
	let m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
	if (!m) return null;
	const whole = m[1].replace(/\./g, '').replace(/^0+(?=\d)/, '');
	const frac = ((m[2] || '') + '00').slice(0, 2);
	return whole + '.' + frac;
}

// Decimal text to BigInt units of 10^-places (exact); null when malformed.
export function toUnits(text, places) {
	const s = String(text ?? '').trim();
	if (!DIGITS.test(s)) return null;
	const neg = s.startsWith('-');
	let [whole, frac = ''] = (neg ? s.slice(1) : s).split('.');
	if (frac.length > places) return null;
	const v = BigInt(whole + (frac + '0'.repeat(places)).slice(0, places));
	return neg ? -v : v;
}

// Money text to BigInt sen (0n for none or a malformed value), for sums; and sen back to Rupiah.
export const sen = (text) => toUnits(text ?? '0', 2) ?? 0n;
export const rupiahSen = (v) => rupiah(fromUnits(v, 2));

// BigInt units of 10^-places back to decimal text.
export function fromUnits(v, places) {
	const neg = v < 0n;
	let s = (neg ? -v : v).toString().padStart(places + 1, '0');
	const out = places ? s.slice(0, -places) + '.' + s.slice(-places) : s;
	return (neg ? '-' : '') + out;
}

// Divides, rounding half away from zero.
export function divRound(n, d) {
	const neg = (n < 0n) !== (d < 0n);
	const an = n < 0n ? -n : n, ad = d < 0n ? -d : d;
	const q = (an * 2n + ad) / (2n * ad);
	return neg ? -q : q;
}

// a / b as a percentage with two places, exact; null when b is zero.
export function bagian(a, b) {
	const x = toUnits(a, 2), y = toUnits(b, 2);
	if (x === null || y === null || y === 0n) return null;
	return fromUnits(divRound(x * 10000n, y), 2);
}

const BULAN = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September',
	'Oktober', 'November', 'Desember'];
export const namaBulan = (n) => BULAN[n - 1] || String(n);
export const bulanPendek = (n) => (BULAN[n - 1] || String(n)).slice(0, 3);

// "2026-11-23" or an ISO timestamp -> "23 November 2026" (a timestamp with its time, WIB).
export function tanggal(text) {
	if (!text) return '–';
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(text);
	if (!m) return text;
	if (m[4] === undefined) return `${+m[3]} ${namaBulan(+m[2])} ${m[1]}`;
	const d = new Date(text);
	if (Number.isNaN(d.getTime())) return text;
	return d.toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'short' }) + ' WIB';
}

export const TRIWULAN = ['I', 'II', 'III', 'IV'];
