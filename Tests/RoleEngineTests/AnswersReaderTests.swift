import Foundation
import Testing
import RoleEngine
@testable import RoleFiles

@Suite("Answers file")
struct AnswersReaderTests {
    static let minimal = """
    version: 1
    role:
      name: SageMaker-DS
    persona: data-scientist
    account: "012345678901"
    activities:
      manage-ml-jobs: { passRoles: [arn:aws:iam::111122223333:role/Compute] }
      run-studio-apps: {}
    tags: { team: ml, cost-center: "42", empty: }
    """

    @Test func readsYaml() throws {
        let spec = try Sample.answers(Self.minimal).spec
        #expect(spec.role.name == "SageMaker-DS")
        #expect(spec.persona == "data-scientist")
        #expect(spec.account == "012345678901")
        #expect(spec.activities?.map(\.id) == ["manage-ml-jobs", "run-studio-apps"])
        #expect(spec.activities?[0].parameters["passRoles"] == ["arn:aws:iam::111122223333:role/Compute"])
        #expect(spec.tags == [RoleTag(key: "team", value: "ml"), RoleTag(key: "cost-center", value: "42"), RoleTag(key: "empty", value: "")])
    }

    @Test func readsJsonWithTheSameKeys() throws {
        let json = """
        {"version": 1, "role": {"name": "SageMaker-DS"}, "persona": "data-scientist", "account": "012345678901",
         "activities": {"manage-ml-jobs": {"passRoles": ["arn:aws:iam::111122223333:role/Compute"]}, "run-studio-apps": {}},
         "tags": {"team": "ml", "cost-center": "42", "empty": ""}}
        """
        #expect(try Sample.answers(json, file: "a.json").spec == Sample.answers(Self.minimal).spec)
    }

    @Test func omittedActivitiesMeanThePersonaDefaults() throws {
        let spec = try Sample.answers("role: {name: R}\npersona: mlops\n").spec
        #expect(spec.activities == nil)
        #expect(spec.effectiveActivities(in: Sample.catalog).map(\.id) == Sample.catalog.persona("mlops")!.activities)
    }

    @Test func unknownKeysAreErrorsWithTheirLine() {
        let yaml = "role:\n  name: R\n  nmae: typo\npersona: custom\nextra: 1\n"
        #expect {
            try Sample.answers(yaml)
        } throws: { error in
            let text = (error as? AnswersFileError)?.description ?? ""
            return text.contains("answers.yaml:3: role.nmae: unknown key; allowed here: name, path, description, maxSessionDuration, permissionsBoundary")
                && text.contains("answers.yaml:5: extra: unknown key")
        }
    }

    @Test func yamlSyntaxErrorsNameTheLine() {
        #expect {
            try Sample.answers("role:\n  name: [unclosed\npersona: custom\n")
        } throws: { error in
            let e = error as? AnswersFileError
            return e?.issues.first?.line != nil && e?.description.contains("is not valid YAML or JSON") == true
        }
    }

    @Test func anEmptyFileIsRefused() {
        #expect(throws: AnswersFileError.self) { try Sample.answers("  \n\n") }
    }

    @Test func aBinaryFileIsRefused() {
        #expect {
            try AnswersReader.parse(data: Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]), file: "smrole")
        } throws: { error in
            (error as? AnswersFileError)?.description == "smrole: is a binary file, not YAML or JSON text"
        }
    }

    @Test func aDuplicateKeyIsAnError() {
        #expect {
            try Sample.answers("role: {name: R}\npersona: custom\npersona: mlops\n")
        } throws: { error in
            (error as? AnswersFileError)?.description.contains("the key 'persona' appears more than once") == true
        }
    }

    @Test func wrongShapesNameTheFieldAndWhatWasFound() {
        #expect {
            try Sample.answers("role: R\npersona: [a, b]\nrole2: x\n")
        } throws: { error in
            let text = (error as? AnswersFileError)?.description ?? ""
            return text.contains("role: role must be a mapping of keys to values, found a single value")
                && text.contains("persona: must be a single text value, found a list")
        }
    }

    @Test func anAliasIsRefusedWithTheLineItIsUsedOn() {
        let yaml = "role: {name: R}\npersona: &p custom\ntags:\n  team: *p\n"
        #expect {
            try Sample.answers(yaml)
        } throws: { error in
            (error as? AnswersFileError)?.description == "answers.yaml:4: *p is a YAML alias; answers files take no "
                + "anchors or aliases (&name, *name), so write the value out in full"
        }
    }

    @Test func anAliasUsedAsAKeyIsRefusedBeforeItIsComposed() {
        #expect {
            try Sample.answers("role: {name: R}\npersona: custom\nx: &k [a, b]\n? *k\n: v\n")
        } throws: { error in
            (error as? AnswersFileError)?.issues.map(\.line) == [4]
        }
    }

    @Test func anAsteriskInsideTextIsNotAnAlias() throws {
        let yaml = "role: {name: R, description: \"*all* & more\"}\npersona: custom\ntags: {note: a*b}\n"
        let spec = try Sample.answers(yaml).spec
        #expect(spec.role.description == "*all* & more")
    }

    @Test func anAnchorThatNothingRefersToIsAccepted() throws {
        #expect(try Sample.answers("role: &r {name: R}\npersona: custom\n").spec.role.name == "R")
    }

    @Test func nestingTwoThousandLevelsDeepIsRefusedInWords() {
        let yaml = "role: {name: R}\npersona: custom\nx: " + String(repeating: "[", count: 2_000)
            + String(repeating: "]", count: 2_000) + "\n"
        #expect {
            try Sample.answers(yaml)
        } throws: { error in
            (error as? AnswersFileError)?.description
                == "answers.yaml:3: is not valid YAML or JSON: lists and mappings nest too deep (libyaml stops at "
                + "about 1,000 levels), from line 3"
        }
    }

    @Test func textOverTheSizeCapIsRefusedBeforeParsing() {
        let padding = String(repeating: "#", count: AnswersReader.sizeLimit)
        let data = Data(("role: {name: R}\npersona: custom\n" + padding).utf8)
        #expect {
            try AnswersReader.parse(data: data, file: "big.yaml")
        } throws: { error in
            (error as? AnswersFileError)?.description
                == "big.yaml: is 128.0 KiB; smrole reads answers files of at most 128 KiB"
        }
    }

    @Test func theReportListsTheFirstHundredProblemsThenHowManyMore() {
        let issues = (1...250).map { (n: Int) in ValidationIssue(path: "k\(n)", message: "unknown key", line: n) }
        let lines = AnswersFileError(file: "a.yaml", issues: issues).description.split(separator: "\n").map(String.init)
        #expect(lines.count == 101)
        #expect(lines[99] == "a.yaml:100: k100: unknown key")
        #expect(lines[100] == "a.yaml: and 150 more problems not listed; fix these first")
    }

    @Test func aMissingFileSaysSo() {
        #expect {
            try AnswersReader.load(path: "/nonexistent/answers.yaml")
        } throws: { error in
            (error as? AnswersFileError)?.description.hasPrefix("/nonexistent/answers.yaml: cannot be read") == true
        }
    }

    @Test func theWrittenAnswersReadBackToTheSameSpec() throws {
        let spec = RoleSpec(
            role: RoleSettings(name: "R", path: "/ml/", description: "Team \"A\": data #1\nline two", maxSessionDuration: 7200,
                               permissionsBoundary: "arn:aws:iam::111122223333:policy/boundary"),
            persona: "data-scientist", account: "012345678901", region: "eu-west-1",
            network: NetworkSettings(subnets: [Sample.subnet], securityGroups: [Sample.securityGroup]),
            encryption: EncryptionSettings(volumeKeys: [Sample.key], dataKeys: [Sample.dataKey]),
            activities: [Sample.selection("manage-ml-jobs"), ActivitySelection(id: "run-studio-apps")],
            managedPolicies: ["arn:aws:iam::aws:policy/AmazonSageMakerCanvasFullAccess"],
            tags: [RoleTag(key: "yes", value: "no"), RoleTag(key: "n", value: "007"), RoleTag(key: "é", value: "")])
        let yaml = AnswersWriter.yaml(spec)
        var expected = spec
        expected.role.path = "/ml/"
        #expect(try Sample.answers(yaml).spec == expected)
    }
}
