import Foundation
import Testing
@testable import RoleEngine

@Suite("Catalog")
struct CatalogTests {
    @Test func theShippedCatalogPassesEveryCheck() {
        #expect(Sample.catalog.problems == [])
    }

    /// `generate` and every other command read the built-in catalog with `BuiltInCatalogReader`, for speed.
    @Test func theBuiltInReaderReadsTheShippedCatalogAsJSONDecoderDoes() throws {
        let read = try #require(Catalog.builtInRead())
        #expect(read == (try Catalog.builtInDecoded()))
    }

    @Test func theBuiltInReaderReadsEscapesAsJSONDecoderDoes() throws {
        let text = #"{"formatVersion": 1, "personas": [{"id": "p\u00e9\ud83d\ude00\"\\\/\n\t", "#
            + #""title": "ü \u00fc", "summary": "", "activities": ["a", "b"]}]}"#
        let bytes = Array(text.utf8)
        let read = try #require(bytes.withUnsafeBufferPointer(BuiltInCatalogReader.read))
        let decoded = try JSONDecoder().decode(Catalog.File.self, from: Data(bytes))
        #expect(read.personas == decoded.personas)
        #expect(read.personas?.first?.id == "pé😀\"\\/\n\t")
    }

    /// Anything but the exact layout is left to JSONDecoder, whose messages say what is wrong.
    @Test func theBuiltInReaderGivesUpOnAnythingElse() {
        for text in [#"{"formatVersion": 1, "extra": true}"#, #"{"formatVersion": 1.0}"#,
                     #"{"formatVersion": 1, "formatVersion": 2}"#, #"{"formatVersion": 1} x"#, #"[1]"#,
                     #"{"formatVersion": 1, "personas": [{"id": "a"}]}"#, "{\"formatVersion\": 1, \"x\u{01}\": 1}"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer(BuiltInCatalogReader.read) == nil, "\(text)")
        }
    }

    @Test func shipsTheFourPersonasOfTheConsole() {
        #expect(Sample.catalog.personas.map(\.id) == ["data-scientist", "mlops", "compute", "custom"])
    }

    @Test func personasPreselectTheLabsDefaultActivities() {
        #expect(Sample.catalog.persona("data-scientist")?.activities ==
                ["run-studio-apps", "manage-experiments", "manage-ml-jobs", "manage-models", "manage-pipelines", "s3-bucket-access"])
        #expect(Sample.catalog.persona("mlops")?.activities ==
                ["run-studio-apps", "manage-models", "manage-endpoints", "manage-pipelines", "search-experiments"])
        #expect(Sample.catalog.persona("compute")?.activities == ["access-aws-services"])
        #expect(Sample.catalog.persona("custom")?.activities == [])
    }

    @Test func holdsEveryActivityOfTheDesignTable() {
        let ids = Set(Sample.catalog.activities.map(\.id))
        let expected: Set<String> = [
            "access-aws-services", "run-studio-apps", "manage-ml-jobs", "manage-models", "manage-endpoints",
            "manage-pipelines", "manage-experiments", "search-experiments", "monitor-models", "s3-full-access",
            "s3-bucket-access", "query-athena", "manage-glue-tables",
            "canvas-core", "canvas-data-prep", "canvas-ai-services", "canvas-mlops", "canvas-kendra",
            "use-mlflow", "manage-mlflow", "mlflow-service-access",
            // The current console's and today's workflows' additions (issue 10).
            "run-pipeline-steps", "run-emr-serverless", "manage-mlflow-apps",
        ]
        #expect(ids == expected)
    }

    @Test func declaresVpcAndKmsSupportAsRoleManagerDoes() {
        let vpc = Set(Sample.catalog.activities.filter(\.network).map(\.id))
        let kms = Set(Sample.catalog.activities.filter(\.encryption).map(\.id))
        #expect(vpc == ["access-aws-services", "manage-ml-jobs", "manage-models", "monitor-models", "run-pipeline-steps"])
        // S3 Bucket Access uses the data keys, so its objects stay usable on SSE-KMS buckets.
        #expect(kms == ["access-aws-services", "manage-endpoints", "manage-glue-tables", "manage-ml-jobs", "monitor-models",
                        "run-studio-apps", "s3-bucket-access", "run-pipeline-steps"])
    }

    @Test func passRoleActivitiesRequireRoles() {
        for id in ["manage-ml-jobs", "manage-models", "manage-pipelines", "monitor-models"] {
            let p = Sample.catalog.activity(id)?.parameter("passRoles")
            #expect(p?.required == true && p?.kind == .roleArn, "\(id)")
        }
    }

    @Test func canvasActivitiesAttachTheirAwsManagedPolicies() {
        #expect(Sample.catalog.activity("canvas-core")?.managedPolicies == ["arn:{{partition}}:iam::aws:policy/AmazonSageMakerCanvasFullAccess"])
        #expect(Sample.catalog.activity("canvas-mlops")?.managedPolicies == ["arn:{{partition}}:iam::aws:policy/service-role/AmazonSageMakerCanvasDirectDeployAccess"])
    }

    @Test func anExtensionAddsANewActivityAndPersona() throws {
        let extra = """
        {"formatVersion": 1,
         "activities": [{"id": "read-feature-store", "title": "Read Feature Store", "template": "Custom",
           "description": "Read feature groups.", "network": false, "encryption": false, "parameters": [],
           "statements": [{"sid": "FeatureStoreRead", "why": "Read records.", "actions": ["sagemaker:GetRecord"],
                           "resources": ["arn:{{partition}}:sagemaker:{{region}}:{{account}}:feature-group/*"]}]}],
         "personas": [{"id": "analyst", "title": "Analyst", "summary": "Reads features.", "activities": ["read-feature-store"]}]}
        """
        let catalog = try Sample.catalog.extended(with: Data(extra.utf8), source: "extra.json")
        #expect(catalog.activity("read-feature-store")?.title == "Read Feature Store")
        #expect(catalog.persona("analyst")?.activities == ["read-feature-store"])
        #expect(catalog.activities.count == Sample.catalog.activities.count + 1)
    }

    @Test func anExtensionReplacesAnActivityWithTheSameId() throws {
        let extra = """
        {"formatVersion": 1, "activities": [{"id": "s3-full-access", "title": "S3 Read Only", "template": "Custom",
          "description": "Read all buckets.", "network": false, "encryption": false, "parameters": [],
          "statements": [{"sid": "S3ReadAll", "why": "Read.", "actions": ["s3:GetObject"], "resources": ["arn:{{partition}}:s3:::*/*"]}]}]}
        """
        let catalog = try Sample.catalog.extended(with: Data(extra.utf8), source: "extra.json")
        #expect(catalog.activity("s3-full-access")?.title == "S3 Read Only")
        #expect(catalog.activities.count == Sample.catalog.activities.count)
    }

    @Test func aBrokenExtensionIsRefusedWithEveryProblem() {
        let extra = """
        {"formatVersion": 1,
         "activities": [{"id": "Bad_Id", "title": "x", "template": "x", "description": "x", "network": false,
           "encryption": false, "parameters": [],
           "statements": [{"sid": "JobsCreate", "why": "x", "actions": ["notanaction"], "gates": ["vpc"],
                           "resources": ["arn:aws:s3:::{{param:buckets}}", "{{nonsense}}"]}]}],
         "personas": [{"id": "p", "title": "P", "summary": "s", "activities": ["missing-activity"]}]}
        """
        #expect {
            try Sample.catalog.extended(with: Data(extra.utf8), source: "extra.json")
        } throws: { error in
            let problems = (error as? CatalogError)?.problems.joined(separator: "\n") ?? ""
            return problems.contains("id must be 1-40 characters")
                && problems.contains("sid is also used by activity manage-ml-jobs")
                && problems.contains("'notanaction' is not an IAM action")
                && problems.contains("gate 'vpc' needs network: true")
                && problems.contains("refers to parameter 'buckets'")
                && problems.contains("unknown placeholder {{nonsense}}")
                && problems.contains("activity 'missing-activity' is not in the catalog")
        }
    }

    @Test func anExtensionThatIsNotJsonNamesTheFile() {
        #expect {
            try Sample.catalog.extended(with: Data("formatVersion: 1".utf8), source: "extra.yaml")
        } throws: { error in
            (error as? CatalogError)?.description.hasPrefix("extra.yaml is not a usable catalog") == true
        }
    }
}
