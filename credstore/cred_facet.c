/* Facet policy of the CredentialStore endpoint (see cred_facet.h). */
#include "cred_facet.h"

#include "capos/idl/credstore.h"

cap_err_t cred_facet_check(uint64_t badge, uint64_t label) {
    if ((label >> 16) != CREDENTIAL_STORE_IFACE_ID)
        return CAP_ERR_BAD_METHOD;
    switch (IPC_LABEL_METHOD(label)) {
    case CREDENTIAL_STORE_VERIFY:
    case CREDENTIAL_STORE_HAS_VERIFIER:
        return badge == CRED_BADGE_VERIFIER ? CAP_OK : CAP_ERR_NO_RIGHTS;
    case CREDENTIAL_STORE_ISSUE_SETUP_TOKEN:
    case CREDENTIAL_STORE_REDEEM_SETUP_TOKEN:
        return badge == CRED_BADGE_SETUP ? CAP_OK : CAP_ERR_NO_RIGHTS;
    default:
        return CAP_ERR_BAD_METHOD;
    }
}
