/* Tests for issue (being written). */
#include "helpers.h"
