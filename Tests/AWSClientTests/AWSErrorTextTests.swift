import Testing
@testable import AWSClient

/// How AWS's errors read: one line each, whatever AWS's message holds.
@Suite("AWS error text")
struct AWSErrorTextTests {
    @Test func aMessageWithLineBreaksAndTabsStaysOneLine() {
        let error = AWSError.service(code: "ValidationException", message: "bad value\r\nsecond line\tand a tab",
                                     status: 400, action: "CreateUserProfile")
        #expect(error.description
                == #"CreateUserProfile failed: ValidationException (HTTP 400): bad value\u000d\u000asecond line\u0009and a tab"#)
    }

    @Test func aDeniedCallKeepsItsAdviceAfterAOneLineMessage() {
        let error = AWSError.service(code: "AccessDenied", message: "User: x\nis not authorized", status: 403,
                                     action: "ListRoles")
        #expect(!error.description.contains("\n"))
        #expect(error.description.hasSuffix("The credentials need permission for ListRoles."))
    }
}
