/* Tests for csr (being written). */
#include "helpers.h"
