/* rng.h — the property checks' random numbers: xorshift64*, so a failure
 * is reproduced from the seed it prints. Set rng_state (not 0) first. */
#ifndef FG_PROPS_RNG_H
#define FG_PROPS_RNG_H

#include <stdint.h>

static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

#endif
