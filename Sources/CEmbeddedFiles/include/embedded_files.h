// The data files under Sources/*/Resources, compiled into the binary so that smrole is one file that runs
// wherever it is copied (no resource bundles beside it). The files stay the source of truth: the compiler reads
// them through #embed (and lists them in its dependency file, so an edit rebuilds this target), and
// EmbeddedFilesTests checks that every one is embedded byte for byte.
#ifndef SMROLE_EMBEDDED_FILES_H
#define SMROLE_EMBEDDED_FILES_H

#include <stddef.h>

typedef enum smrole_embedded_file_id {
    SMROLE_FILE_CATALOG = 0,                 // RoleEngine/Resources/catalog.json
    SMROLE_FILE_IAM_ACTIONS = 1,             // RoleExport/Resources/iam-actions.tsv
    SMROLE_FILE_AWS_MANAGED_POLICIES = 2,    // WizardCore/Resources/aws-managed-policies.json
    SMROLE_FILE_JUPYTER_IMAGE_ACCOUNTS = 3,  // RoleApply/Resources/jupyter-server-image-accounts.json
    SMROLE_FILE_AWS_MANAGED_POLICY_DOCUMENTS = 4,  // RoleExport/Resources/aws-managed-policy-documents.json
    SMROLE_EMBEDDED_FILE_COUNT = 5,
} smrole_embedded_file_id;

typedef struct smrole_embedded_file {
    const char *path;            // relative to Sources/, e.g. "RoleEngine/Resources/catalog.json"
    const unsigned char *bytes;  // the file's bytes, in the binary's read-only data (mapped, never copied)
    size_t count;
} smrole_embedded_file;

smrole_embedded_file smrole_embedded_file_get(smrole_embedded_file_id id);

#endif
