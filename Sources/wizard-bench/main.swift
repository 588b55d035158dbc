// `make bench`: the cost of one keystroke in the wizard — `update` plus `view` to a full
// frame — over a scripted session through all four steps, while a Create runs, and in a pick
// list of 1,500 policies as its pages arrive, at 80×24 and 160×50.
// Reports the median, 99th percentile and worst, in microseconds.
import Foundation
import RoleEngine
import WizardCore

let catalog = try Catalog.builtIn()

func session() -> [Key] {
    var keys: [Key] = []
    keys += "SageMaker-DataScientist".map { .character($0) } + [.tab]
    keys += "Data scientists of team A".map { .character($0) } + [.tab, .character(" "), .tab, .tab, .tab, .tab]
    keys += "111122223333".map { .character($0) } + [.tab] + "us-east-1".map { .character($0) } + [.tab, .character(" "), .tab]
    keys += "subnet-0a1b2c3d4e5f67890".map { .character($0) } + [.tab] + "sg-0a1b2c3d4e5f67890".map { .character($0) } + [.tab]
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    keys += key.map { .character($0) } + [.tab] + key.map { .character($0) } + [.control("n")]
    keys += Array(repeating: Key.tab, count: 3) + "arn:aws:iam::111122223333:role/Compute".map { .character($0) }
    for _ in 0..<30 { keys += [.tab] }
    keys += [.control("r"), .tab, .control("r"), .backTab, .backTab]
    for _ in 0..<40 { keys += [.tab] }
    keys += [.control("n")] + "canvas".map { .character($0) } + [.tab, .character(" "), .control("n")]
    for _ in 0..<40 { keys += [.pageDown] }
    for _ in 0..<40 { keys += [.pageUp, .character("j")] }
    keys += [.function(2), .function(5), .tab, .tab, .enter, .escape]
    return keys
}

/// Keys, spinner ticks and progress lines on the review while a Create runs in the background
/// (its result has not come back): the screen must stay as quick as when idle.
func busySession() -> [WizardEvent] {
    var events: [WizardEvent] = []
    for i in 0..<60 {
        events += [.tick, .key(i % 3 == 0 ? .pageDown : .character("j")), .progress("created policy \(i) of 60")]
        if i % 10 == 0 { events += [.key(.character("?")), .key(.pageDown), .key(.escape)] }
    }
    return events
}

/// Step 3's pick list over an account's policies (1,500, as a large account has): pages arrive
/// while the user types a filter, widens it, pages and marks.
func pickListSession(serial: Int) -> [WizardEvent] {
    var events: [WizardEvent] = []
    for page in 0..<3 {
        events.append(.lookupItems(serial: serial, items: (0..<500).map { i in
            let n = page * 500 + i
            return PickItem(value: "arn:aws:iam::\(n % 3 == 0 ? "aws" : "111122223333"):policy/Policy\(n)",
                            title: "Policy\(n)", detail: n % 3 == 0 ? "AWS managed · attached 0 times"
                                : "customer managed, path /team/ · attached \(n % 7) times")
        }))
        events += "policy1".map { .key(.character($0)) } + [.tick]
        events += Array(repeating: WizardEvent.key(.backspace), count: 7)
    }
    events.append(.lookupFinished(serial: serial, failure: nil))
    for _ in 0..<20 { events += [.key(.pageDown), .key(.down), .key(.character(" "))] }
    events += "customer 5".map { .key(.character($0)) } + [.key(.end), .key(.home), .key(.character(" ")), .key(.enter)]
    return events
}

/// The lab's Data Scientist, every required parameter given.
let completeRole: WizardAnswers = {
    var answers = WizardAnswers()
    answers.roleName = "SageMaker-DataScientist"
    answers.choosePersona("data-scientist", catalog: catalog)
    answers.account = "111122223333"
    answers.region = "us-east-1"
    for id in ["manage-ml-jobs", "manage-models", "manage-pipelines"] {
        answers.parameters[id] = ["passRoles": "arn:aws:iam::111122223333:role/service-role/SageMaker-Compute"]
    }
    answers.parameters["s3-bucket-access"] = ["s3Buckets": "sagemaker-us-east-1-111122223333"]
    return answers
}()

/// Samples in microseconds per session: the walk, typing while a Create runs, the pick list.
func measure(size: Size) -> [String: [Double]] {
    var state = WizardState(catalog: catalog, size: size)
    var samples: [Double] = []
    var sessions: [String: [Double]] = [:]
    for key in session() {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = state.update(.key(key))
        _ = state.view()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
    }
    sessions["walk through the steps"] = samples
    samples = []
    // A complete role on its review: start a Create and keep typing while it runs.
    state = WizardState(catalog: catalog, answers: completeRole, size: size)
    _ = state.update(.key(.function(5)))
    state.focus[.review] = .button(.create)
    _ = state.update(.key(.enter))
    precondition(state.busy, "the bench's Create did not start")
    for event in busySession() {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = state.update(event)
        _ = state.view()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
    }
    sessions["while a Create runs"] = samples
    samples = []
    state = WizardState(catalog: catalog, answers: completeRole, size: size)
    _ = state.update(.key(.function(4)))
    var serial = 0
    for case .lookup(let request) in state.update(.key(.control("l"))) { serial = request.serial }
    precondition(serial > 0, "the bench's pick list did not ask for a lookup")
    for event in pickListSession(serial: serial) {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = state.update(event)
        _ = state.view()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
    }
    precondition(state.modal == nil && state.answers.managedPolicies.count > 10, "the bench's pick list took nothing")
    sessions["in a pick list of 1,500 policies"] = samples
    return sessions
}

for size in [Size(width: 80, height: 24), Size(width: 160, height: 50)] {
    _ = measure(size: size)  // warm up
    var bySession: [String: [Double]] = [:]
    for _ in 0..<20 { for (name, samples) in measure(size: size) { bySession[name, default: []] += samples } }
    func percentile(_ values: [Double], _ q: Double) -> Double { values[min(values.count - 1, Int(Double(values.count) * q))] }
    let all = bySession.values.flatMap { $0 }.sorted()
    print(String(format: "wizard keystroke (update + view) at %dx%d, %d keys: median %.0f µs, p99 %.0f µs, worst %.0f µs "
                 + "(target: p99 under 2000 µs)", size.width, size.height, all.count, percentile(all, 0.5),
                 percentile(all, 0.99), all.last ?? 0))
    for (name, samples) in bySession.sorted(by: { $0.key < $1.key }) {
        let sorted = samples.sorted()
        print(String(format: "  %@: median %.0f µs, p99 %.0f µs", name, percentile(sorted, 0.5), percentile(sorted, 0.99)))
    }
}
