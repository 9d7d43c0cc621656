/*
 * cJSON round trip: parse a document, change it, print it, parse the
 * printout and compare the two trees. Runs with: console, memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common.h"

static const char *const doc =
    "{\"name\":\"capOS\",\"version\":3,\"caps\":[\"console\",\"clock\"],"
    "\"limits\":{\"pages\":8192,\"ratio\":0.75},\"legacy\":true,\"nothing\":null}";

/* The changes: bump version, add a cap, drop legacy, add a nested object. */
static bool modify(cJSON *root) {
    cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    cJSON *caps = cJSON_GetObjectItemCaseSensitive(root, "caps");
    if (!cJSON_IsNumber(version) || !cJSON_IsArray(caps))
        return false;
    cJSON_SetNumberValue(version, 4);
    cJSON_AddItemToArray(caps, cJSON_CreateString("entropy"));
    cJSON_DeleteItemFromObjectCaseSensitive(root, "legacy");
    cJSON *grant = cJSON_AddObjectToObject(root, "grant");
    return grant && cJSON_AddStringToObject(grant, "file", "config \"quoted\" \u00e9") &&
           cJSON_AddNumberToObject(grant, "mode", 0444);
}

static bool values_as_expected(const cJSON *root) {
    const cJSON *caps = cJSON_GetObjectItemCaseSensitive(root, "caps");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *limits = cJSON_GetObjectItemCaseSensitive(root, "limits");
    const cJSON *ratio = cJSON_GetObjectItemCaseSensitive(limits, "ratio");
    return cJSON_GetArraySize(caps) == 3 &&
           strcmp(cJSON_GetArrayItem(caps, 2)->valuestring, "entropy") == 0 &&
           version->valueint == 4 && ratio && ratio->valuedouble == 0.75 &&
           !cJSON_GetObjectItemCaseSensitive(root, "legacy") &&
           cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "nothing"));
}

int main(void) {
    test_start("cjson");
    cJSON *first = cJSON_Parse(doc);
    if (!test_check(first != NULL, "parse"))
        return test_finish();
    test_check(modify(first), "modify");
    char *text = cJSON_PrintUnformatted(first);
    char *pretty = cJSON_Print(first);
    test_check(text && pretty, "print");
    cJSON *second = text ? cJSON_Parse(text) : NULL;
    cJSON *third = pretty ? cJSON_Parse(pretty) : NULL;
    test_check(second && cJSON_Compare(first, second, 1), "reparse_compares_equal");
    test_check(third && cJSON_Compare(first, third, 1), "reparse_pretty_compares_equal");
    test_check(second && values_as_expected(second), "values_survive");
    if (text)
        printf("cjson.printed: %s\n", text);
    cJSON_Delete(third);
    cJSON_Delete(second);
    cJSON_Delete(first);
    free(pretty);
    free(text);
    return test_finish();
}
