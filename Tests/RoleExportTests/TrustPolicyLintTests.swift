import RoleExport
import Testing

/// Trust policies are told by their shape (Principal + sts:AssumeRole*) and judged by who may
/// assume the role.
@Suite struct TrustPolicyLintTests {
    static func trust(_ statement: String) -> String { Sample.policy(statement) }

    static let sageMakerWithSource = trust(#"""
        "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"},
                      "ArnLike": {"aws:SourceArn": "arn:aws:sagemaker:us-east-1:111122223333:*"}}
        """#)

    @Test func aTrustPolicyIsToldByItsShape() throws {
        let root = try JSONNodeParser.parse(Self.sageMakerWithSource)
        #expect(PolicyReader.read(root).policy.isTrustPolicy)
        let identity = try JSONNodeParser.parse(Sample.policy(#""Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*""#))
        #expect(!PolicyReader.read(identity).policy.isTrustPolicy)
    }

    @Test func aSageMakerTrustTiedToTheAccountHasNoFindings() {
        #expect(Sample.lint(Self.sageMakerWithSource).isEmpty)
    }

    @Test func anotherAccountBehindAnExternalIdHasNoFindings() {
        let findings = Sample.lint(Self.trust(#"""
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/Deployer"},
            "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"sts:ExternalId": "7e1f0c2a"}}
            """#))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func principalStarWithoutAConditionIsCritical() {
        let findings = Sample.lint(Self.trust(#""Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole""#))
        #expect(findings.contains { $0.code == "TRUST_ANY_PRINCIPAL" && $0.severity == .critical })
    }

    @Test func awsStarWithoutAConditionIsCritical() {
        let findings = Sample.lint(Self.trust(#""Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "sts:AssumeRole""#))
        #expect(findings.contains { $0.code == "TRUST_ANY_PRINCIPAL" && $0.severity == .critical })
    }

    @Test func principalStarLimitedToTheOrganizationIsAccepted() {
        let findings = Sample.lint(Self.trust(#"""
            "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
            """#))
        #expect(!findings.codes.contains("TRUST_ANY_PRINCIPAL"), "\(findings)")
    }

    @Test func principalStarBehindOnlyAnExternalIdIsHigh() {
        let findings = Sample.lint(Self.trust(#"""
            "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "7e1f0c2a"}}
            """#))
        #expect(findings.contains { $0.code == "TRUST_ANY_PRINCIPAL" && $0.severity == .high })
    }

    @Test func anotherAccountWithoutAConditionIsMedium() {
        let findings = Sample.lint(Self.trust(#""Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole""#))
        let finding = findings.first { $0.code == "TRUST_CROSS_ACCOUNT_WITHOUT_CONDITION" }
        #expect(finding?.severity == .medium)
        #expect(finding?.message.contains("444455556666") == true)
    }

    @Test func theRolesOwnAccountIsNotAnotherAccount() {
        let linter = PolicyLinter(database: Sample.database, ownAccount: "111122223333")
        let findings = linter.lint(text: Self.trust(#""Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole""#))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func aBareAccountIdPrincipalIsThatAccount() {
        let findings = Sample.lint(Self.trust(#""Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole""#))
        #expect(findings.codes.contains("TRUST_CROSS_ACCOUNT_WITHOUT_CONDITION"))
    }

    @Test func aSageMakerTrustWithoutSourceConditionsIsAConfusedDeputy() {
        let findings = Sample.lint(Self.trust(#""Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole""#))
        #expect(findings.map(\.code) == ["TRUST_CONFUSED_DEPUTY"])
        #expect(findings.first?.severity == .low)
    }

    @Test func aSourceConditionOnlyIfItExistsDoesNotTieTheService() {
        let findings = Sample.lint(Self.trust(#"""
            "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}
            """#))
        #expect(findings.codes.contains("TRUST_CONFUSED_DEPUTY"))
    }

    /// GitHub Actions' OIDC claims are condition keys of AssumeRoleWithWebIdentity, named after the provider.
    @Test func theClaimsOfTheStatementsOwnOIDCProviderAreKnownKeys() {
        let findings = Sample.lint(Self.trust(#"""
            "Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                          "StringLike": {"token.actions.githubusercontent.com:sub": "repo:example/ml-infra:ref:refs/heads/main"}}
            """#))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func aPrincipalOfAnUnknownTypeIsMalformed() {
        let findings = Sample.lint(Self.trust(#""Effect": "Allow", "Principal": {"Services": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole""#))
        #expect(findings.contains { $0.code == "MALFORMED" && $0.message.contains("\"Services\"") })
    }
}
