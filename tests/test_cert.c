/* Tests for cert (being written). */
#include "helpers.h"
