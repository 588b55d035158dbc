import Foundation
import Testing
@testable import AWSClient

/// What the pickers read out of AWS's answers without a server: who a trust policy lets in, and
/// which key an alias names.
@Suite("Reading lookups")
struct LookupReadingTests {
    static let sagemaker = "sagemaker.amazonaws.com"

    @Test func aTrustOfTheServiceAmongOthersLetsItAssumeTheRole() {
        let document = #"{"Statement":{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"#
            + #""Principal":{"Service":["ec2.amazonaws.com","sagemaker.amazonaws.com"]}}}"#
        #expect(TrustPolicyReading.allows(service: Self.sagemaker, in: document))
    }

    @Test func aDenyOrAnotherActionIsNoTrust() {
        let deny = #"{"Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","#
            + #""Principal":{"Service":"sagemaker.amazonaws.com"}}]}"#
        let tagOnly = #"{"Statement":[{"Effect":"Allow","Action":"sts:TagSession","#
            + #""Principal":{"Service":"sagemaker.amazonaws.com"}}]}"#
        #expect(!TrustPolicyReading.allows(service: Self.sagemaker, in: deny))
        #expect(!TrustPolicyReading.allows(service: Self.sagemaker, in: tagOnly))
    }

    @Test func anAccountPrincipalOrTextThatIsNotJSONIsNoTrustOfTheService() {
        let account = #"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","#
            + #""Principal":{"AWS":"arn:aws:iam::111122223333:root"}}]}"#
        #expect(!TrustPolicyReading.allows(service: Self.sagemaker, in: account))
        #expect(!TrustPolicyReading.allows(service: Self.sagemaker, in: "%7B%22Statement"))
    }

    @Test func anAliasNamesItsKeyInTheAliassAccountRegionAndPartition() {
        #expect(KMSClient.keyArn(aliasArn: "arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/ml",
                                 keyId: "1234abcd-12ab-34cd-56ef-1234567890ab")
                == "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        #expect(KMSClient.keyArn(aliasArn: "alias/ml", keyId: "x") == nil)
    }
}
