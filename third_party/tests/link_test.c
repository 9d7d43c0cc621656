/*
 * Link test for the third-party sysroot (run by third_party/build.sh as its
 * final check).  Links statically against musl, mbedTLS, libsodium, libssh,
 * libwebsockets and cJSON with no undefined symbols.
 *
 * The program supplies the two symbols the capOS runtime will provide:
 * __os_syscall (here a pass-through to the Linux host, so the program also
 * runs here and proves the hook path end to end) and mbedtls_hardware_poll.
 * The recipe checks that the only `syscall` instructions in the linked
 * binary are the one in this file's __os_syscall.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include <mbedtls/aes.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/sha256.h>
#include <sodium.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <libwebsockets.h>
#include <cjson/cJSON.h>

static unsigned long os_calls;

__attribute__((noinline)) long __os_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	unsigned long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;

	os_calls++;
	__asm__ __volatile__("syscall"
	                     : "=a"(ret)
	                     : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
	                     : "rcx", "r11", "memory");
	return (long)ret;
}

int mbedtls_hardware_poll(void *data, unsigned char *out, size_t len, size_t *olen)
{
	long r;

	(void)data;
	r = __os_syscall(SYS_getrandom, (long)out, (long)len, 0, 0, 0, 0);
	if (r < 0)
		return -1;
	*olen = (size_t)r;
	return 0;
}

static int failures;

static void check(int ok, const char *what)
{
	printf("link-test: %-28s %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

/* Referenced but not called: pulls the whole client/server machinery of
 * libssh and libwebsockets into the link. */
void *volatile keep[] = {
	(void *)lws_create_context, (void *)lws_client_connect_via_info,
	(void *)lws_service, (void *)ssh_connect, (void *)ssh_bind_accept,
	(void *)ssh_userauth_publickey_auto,
};

int main(void)
{
	char *buf = malloc(64);
	unsigned char key[crypto_secretbox_KEYBYTES], nonce[crypto_secretbox_NONCEBYTES];
	unsigned char box[crypto_secretbox_MACBYTES + 5], plain[5];
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	unsigned char rnd[16];
	cJSON *json;
	char *text;
	ssh_session session;
	ssh_bind bind;

	check(buf != NULL, "malloc");
	snprintf(buf, 64, "%d-%s", 42, "x");
	check(strcmp(buf, "42-x") == 0, "snprintf");
	free(buf);

	check(mbedtls_sha256_self_test(0) == 0, "mbedtls sha256 self-test");
	check(mbedtls_aes_self_test(0) == 0, "mbedtls aes self-test");
	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	check(mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
	                            (const unsigned char *)"capos", 5) == 0 &&
	      mbedtls_ctr_drbg_random(&drbg, rnd, sizeof rnd) == 0,
	      "mbedtls ctr_drbg (hw poll)");
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&entropy);

	check(sodium_init() >= 0, "sodium_init");
	crypto_secretbox_keygen(key);
	randombytes_buf(nonce, sizeof nonce);
	crypto_secretbox_easy(box, (const unsigned char *)"hello", 5, nonce, key);
	check(crypto_secretbox_open_easy(plain, box, sizeof box, nonce, key) == 0 &&
	      memcmp(plain, "hello", 5) == 0, "sodium secretbox");

	json = cJSON_Parse("{ \"a\": [1, 2, 3] }");
	text = json ? cJSON_PrintUnformatted(json) : NULL;
	check(text && strcmp(text, "{\"a\":[1,2,3]}") == 0, "cjson round trip");
	free(text);
	cJSON_Delete(json);

	check(ssh_init() == 0, "ssh_init (mbedtls)");
	session = ssh_new();
	bind = ssh_bind_new();
	check(session != NULL && bind != NULL, "ssh_new / ssh_bind_new");
	ssh_bind_free(bind);
	ssh_free(session);
	ssh_finalize();

	check(strncmp(lws_get_library_version(), "4.1.6", 5) == 0, "lws version");

	printf("link-test: %lu calls went through __os_syscall\n", os_calls);
	check(os_calls > 0, "__os_syscall hook used");
	if (failures)
		return 1;
	printf("link-test: ok\n");
	return 0;
}
