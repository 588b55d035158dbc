#include "embedded_files.h"

// #embed is C23; clang accepts it in the C dialect SwiftPM compiles with.
#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char catalog[] = {
#embed "../RoleEngine/Resources/catalog.json"
};
static const unsigned char iam_actions[] = {
#embed "../RoleExport/Resources/iam-actions.tsv"
};
static const unsigned char aws_managed_policies[] = {
#embed "../WizardCore/Resources/aws-managed-policies.json"
};
static const unsigned char aws_managed_policy_documents[] = {
#embed "../RoleExport/Resources/aws-managed-policy-documents.json"
};
static const unsigned char jupyter_image_accounts[] = {
#embed "../RoleApply/Resources/jupyter-server-image-accounts.json"
};

static const smrole_embedded_file files[SMROLE_EMBEDDED_FILE_COUNT] = {
    [SMROLE_FILE_CATALOG] = {"RoleEngine/Resources/catalog.json", catalog, sizeof catalog},
    [SMROLE_FILE_IAM_ACTIONS] = {"RoleExport/Resources/iam-actions.tsv", iam_actions, sizeof iam_actions},
    [SMROLE_FILE_AWS_MANAGED_POLICIES] =
        {"WizardCore/Resources/aws-managed-policies.json", aws_managed_policies, sizeof aws_managed_policies},
    [SMROLE_FILE_JUPYTER_IMAGE_ACCOUNTS] = {"RoleApply/Resources/jupyter-server-image-accounts.json",
                                            jupyter_image_accounts, sizeof jupyter_image_accounts},
    [SMROLE_FILE_AWS_MANAGED_POLICY_DOCUMENTS] = {"RoleExport/Resources/aws-managed-policy-documents.json",
                                                  aws_managed_policy_documents, sizeof aws_managed_policy_documents},
};

smrole_embedded_file smrole_embedded_file_get(smrole_embedded_file_id id) {
    if ((unsigned)id >= SMROLE_EMBEDDED_FILE_COUNT) {
        return (smrole_embedded_file){"", NULL, 0};
    }
    return files[id];
}
