/* Tests for names (being written). */
#include "helpers.h"
