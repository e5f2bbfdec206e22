/*
 * fuzz_util.h - what the fuzz targets share: reporting an input that broke a property, and the
 * deterministic random numbers of the suite's own drivers. Define FUZZ_NAME before including.
 */
#ifndef PAGU_FUZZ_UTIL_H
#define PAGU_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Prints why and the input, then aborts (libFuzzer keeps the input as a crash). */
static inline void fail(const char *why, const uint8_t *data, size_t size)
{
	fprintf(stderr, "%s: %s; input (%zu bytes):\n", FUZZ_NAME, why, size);
	fwrite(data, 1, size, stderr);
	fputc('\n', stderr);
	abort();
}

/* xorshift64*: the same sequence for the same seed, on every machine */
static uint64_t fuzz_state = 0x9e3779b97f4a7c15ULL;

static inline uint64_t next_rand(void)
{
	fuzz_state ^= fuzz_state >> 12;
	fuzz_state ^= fuzz_state << 25;
	fuzz_state ^= fuzz_state >> 27;
	return fuzz_state * 2685821657736338717ULL;
}

/* A number below @n (0 when @n is 0). */
static inline size_t pick(size_t n)
{
	return n ? (size_t)(next_rand() % n) : 0;
}

#endif
