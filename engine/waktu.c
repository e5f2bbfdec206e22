/* waktu.c - today for pagu: the calendar day in WIB, or a configured training date (waktu.h). */
#include "waktu.h"

#include <string.h>
#include <time.h>

/* Set once, before the server's threads start (waktu.h); "" when none. */
static char latihan[WAKTU_TANGGAL];

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Whether @s is exactly YYYY-MM-DD, a real date of 2000..2100. */
static bool tanggal_valid(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && leap(y));
}

pagu_err waktu_set_latihan(const char *ymd)
{
	if (!ymd || !*ymd) {
		latihan[0] = '\0';
		return PAGU_OK;
	}
	if (!tanggal_valid(ymd))
		return PAGU_E_INVALID;
	memcpy(latihan, ymd, WAKTU_TANGGAL);
	return PAGU_OK;
}

bool waktu_latihan(void)
{
	return latihan[0] != '\0';
}

const char *waktu_latihan_text(void)
{
	return latihan;
}

void waktu_hari_ini(char out[WAKTU_TANGGAL])
{
	if (latihan[0]) {
		memcpy(out, latihan, WAKTU_TANGGAL);
		return;
	}
	/* WIB is UTC+7 all year (Indonesia keeps no daylight saving time) */
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	/* strftime: the fields are the C library's own, never wider than the buffer it is given */
	if (strftime(out, WAKTU_TANGGAL, "%Y-%m-%d", &tm) != WAKTU_TANGGAL - 1)
		memcpy(out, "2000-01-01", WAKTU_TANGGAL); /* a year past 9999: not a clock pagu runs on */
}

int waktu_tahun(void)
{
	char d[WAKTU_TANGGAL];
	waktu_hari_ini(d);
	return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
}
