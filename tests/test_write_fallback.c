/*
 * pki_file_write()'s fallback for systems without O_TMPFILE (issue 12 item 2): a named
 * temporary file created exclusively with mode 0600, then link() (never replacing) or, with
 * PKI_WRITE_OVERWRITE, rename(). The test hooks of internal.h force that path and look at the
 * temporary file when it is created, so this file links the library's objects.
 */
#include "helpers.h"
#include "../libpki/internal.h"

#include <dirent.h>
#include <fcntl.h>

static struct {
	char tmp[4096];
	mode_t mode;
	off_t size;
	int calls;
	bool fail_writes;  /* make the writes fail (ENOSPC) */
	const char *race;  /* create this file, as another process would, before the link */
} seen;

static void created(const char *tmp, int fd)
{
	struct stat st;

	seen.calls++;
	snprintf(seen.tmp, sizeof(seen.tmp), "%s", tmp);
	cr_assert_eq(fstat(fd, &st), 0);
	seen.mode = st.st_mode & 07777;
	seen.size = st.st_size;
	cr_assert_eq(lstat(tmp, &st), 0, "the temporary file has the name it was created with");
	if (seen.fail_writes) {
		int full = open("/dev/full", O_WRONLY | O_CLOEXEC);

		cr_assert_geq(full, 0);
		cr_assert_geq(dup2(full, fd), 0);
		close(full);
	}
	if (seen.race) {
		FILE *f = fopen(seen.race, "wx");

		cr_assert_not_null(f);
		fputs("theirs\n", f);
		fclose(f);
	}
}

static void setup(void)
{
	memset(&seen, 0, sizeof(seen));
	pki__write_force_fallback = true;
	pki__write_created_hook = created;
}

static void teardown(void)
{
	pki__write_force_fallback = false;
	pki__write_created_hook = NULL;
}

/* The number of entries of @p dir besides . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static char *content(const char *path)
{
	unsigned char *data = NULL;
	size_t n = 0;
	char *s;

	ok_(pki_file_read(&data, &n, path, 0));
	s = malloc(n + 1);
	memcpy(s, data, n);
	s[n] = '\0';
	pki_free(data);
	return s;
}

Test(fallback, private_file_is_0600_before_its_first_byte)
{
	char *dir = scratch_dir(), *path = path_in(dir, "key.pem"), *s;
	struct stat st;
	mode_t old = umask(0);

	setup();
	ok_(pki_file_write(path, "secret\n", 7, PKI_WRITE_PRIVATE));
	umask(old);
	cr_assert_eq(seen.calls, 1, "the fallback ran");
	cr_assert_eq(seen.mode, 0600, "mode %o when created", (unsigned)seen.mode);
	cr_assert_eq(seen.size, 0, "no byte yet when created");
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600);
	cr_assert_str_eq(s = content(path), "secret\n");
	free(s);
	cr_assert_neq(access(seen.tmp, F_OK), 0, "the temporary name is gone");
	cr_assert_eq(entries(dir), 1);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	teardown();
}

Test(fallback, failed_write_leaves_no_file)
{
	char *dir = scratch_dir(), *path = path_in(dir, "key.pem");

	setup();

	seen.fail_writes = true;
	fails_(PKI_E_IO, pki_file_write(path, "secret\n", 7, PKI_WRITE_PRIVATE));
	cr_assert_not_null(strstr(pki_error_detail(), "No space left"), "%s", pki_error_detail());
	cr_assert_eq(seen.calls, 1);
	cr_assert_eq(entries(dir), 0, "neither the file nor its temporary name is left");
	rmdir(dir);
	free(path);
	free(dir);
	teardown();
}

Test(fallback, symlink_is_not_followed)
{
	char *dir = scratch_dir(), *path = path_in(dir, "key.pem"), *victim = path_in(dir, "victim"),
	     *s;

	setup();

	ok_(pki_file_write(victim, "untouched\n", 10, 0));
	cr_assert_eq(symlink(victim, path), 0);
	seen.calls = 0;
	fails_(PKI_E_IO, pki_file_write(path, "secret\n", 7, PKI_WRITE_PRIVATE));
	fails_(PKI_E_IO, pki_file_write(path, "secret\n", 7, PKI_WRITE_PRIVATE | PKI_WRITE_OVERWRITE));
	cr_assert_not_null(strstr(pki_error_detail(), "symbolic link"), "%s", pki_error_detail());
	cr_assert_eq(seen.calls, 0, "refused before any file is created");
	cr_assert_str_eq(s = content(victim), "untouched\n");
	free(s);
	cr_assert_eq(entries(dir), 2);
	unlink(path);
	unlink(victim);
	rmdir(dir);
	free(victim);
	free(path);
	free(dir);
	teardown();
}

Test(fallback, no_replacement_without_the_flag)
{
	char *dir = scratch_dir(), *path = path_in(dir, "key.pem"), *s;
	struct stat st;

	setup();

	/* A file that exists already. */
	ok_(pki_file_write(path, "first\n", 6, PKI_WRITE_PRIVATE));
	fails_(PKI_E_EXISTS, pki_file_write(path, "second\n", 7, PKI_WRITE_PRIVATE));
	cr_assert_str_eq(s = content(path), "first\n");
	free(s);
	/* With the flag: replaced, still 0600, no temporary name left. */
	ok_(pki_file_write(path, "second\n", 7, PKI_WRITE_PRIVATE | PKI_WRITE_OVERWRITE));
	cr_assert_str_eq(s = content(path), "second\n");
	free(s);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600);
	cr_assert_eq(entries(dir), 1);
	unlink(path);

	/* A file that appears while libpki writes (after its check, before the link): kept. */
	seen.race = path;
	fails_(PKI_E_EXISTS, pki_file_write(path, "mine\n", 5, PKI_WRITE_PRIVATE));
	cr_assert_str_eq(s = content(path), "theirs\n");
	free(s);
	cr_assert_eq(entries(dir), 1, "the temporary file is removed");
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	teardown();
}
