import AWSClient
import Foundation
import Testing

@Suite("XML answers")
struct XMLTreeTests {
    static func parse(_ text: String) -> XMLTree? { XMLTree.parse(Data(text.utf8)) }

    @Test func anIAMAnswerWithPrologNamespaceAndSelfClosingTags() throws {
        let tree = try #require(Self.parse(#"<?xml version="1.0" encoding="UTF-8"?><CreateRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateRoleResult><Role><Path>/service-role/</Path><RoleLastUsed/><Arn>arn:aws:iam::1:role/x</Arn><Tags><member><Key>a</Key><Value>b</Value></member></Tags></Role></CreateRoleResult></CreateRoleResponse>"#))
        #expect(tree["CreateRoleResult", "Role", "Arn"]?.text == "arn:aws:iam::1:role/x")
        #expect(tree.find("Tags")?.members.first?.child("Value")?.text == "b")
        #expect(tree.find("RoleLastUsed")?.children.isEmpty == true)
    }

    @Test func entitiesAndCharacterReferencesAreDecoded() throws {
        let tree = try #require(Self.parse("<M>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#233; &#x1F600; <![CDATA[<raw>]]></M>"))
        #expect(tree.text == "a & b <c> \"d\" 'e' é 😀 <raw>")
    }

    @Test func bothErrorEnvelopesAreFound() throws {
        let single = try #require(Self.parse("<ErrorResponse><Error><Code>DeleteConflict</Code></Error></ErrorResponse>"))
        let nested = try #require(Self.parse("<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code></Error></Errors></ErrorResponse>"))
        #expect(single.find("Error")?.child("Code")?.text == "DeleteConflict")
        #expect(nested.find("Error")?.child("Code")?.text == "SignatureDoesNotMatch")
    }

    @Test(arguments: ["<a><b></a>", "<a>", "not xml", "<a></a><b></b>", "<a><!-- open"])
    func malformedXMLIsRejected(text: String) {
        #expect(Self.parse(text) == nil)
    }
}
