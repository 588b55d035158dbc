import Testing
@testable import WizardCore

/// A million random keys through `update`: nothing may crash, and the invariants of the
/// state hold after every one. Deterministic (seeded), so a failure can be replayed.
@Suite("Fuzzing update")
struct FuzzTests {
    /// SplitMix64: small, fast, seeded.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let keys: [Key] = [
        .tab, .backTab, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .backspace, .delete, .enter,
        .escape, .character(" "), .character("?"), .character("a"), .character("-"), .character("1"), .character("日"),
        .character("🙂"), .character("y"), .character("n"), .control("n"), .control("p"), .control("r"), .control("d"),
        .control("a"), .control("u"), .control("k"), .function(1), .function(2), .function(3), .function(4), .function(5),
        .paste("subnet-0a1b2c3d\nsg-0a1b2c3d\u{1b}[201~"), .paste(""),
    ]

    static func checkInvariants(_ state: WizardState) -> String? {
        var fields = state.modal == .save || state.modal == .onboard ? state.modalFields : state.fields(of: state.step)
        if case .report? = state.modal { fields = [.reportBody] }
        if !fields.contains(state.focusedField) { return "focus \(state.focusedField) is not a field of \(state.step)" }
        if let text = state.text(of: state.focusedField), state.cursor(of: state.focusedField) > text.count { return "cursor past the text" }
        if state.step == .review && state.plan == nil { return "on the review without a plan" }
        if state.answers.tags.count > 50 { return "more than 50 tags" }
        return nil
    }

    @Test func aMillionRandomKeysKeepTheInvariants() {
        var generator = Generator(state: 20261129)
        var state = Drive.wizard(Drive.dataScientist)
        var quits = 0
        for i in 0..<1_000_000 {
            let key = Self.keys[Int(generator.next() % UInt64(Self.keys.count))]
            let effects = state.update(.key(key))
            if effects.contains(where: { if case .quit = $0 { return true }; return false }) {
                quits += 1
                state = Drive.wizard(i % 2 == 0 ? Drive.dataScientist : WizardAnswers())
            }
            // Play the driver: every long effect gets its answer, success or failure in turn.
            for effect in effects {
                switch effect {
                case .save: _ = state.update(.saveFinished(.success(SaveReport(directory: "out", files: []))))
                case .createRole:
                    _ = state.update(.progress("creating"))
                    _ = state.update(.createFinished(i % 3 == 0 ? .failure(Drive.failure("denied")) : .success("arn:aws:iam::1:role/r")))
                case .onboard: _ = state.update(.onboardFinished(i % 2 == 0 ? .success([OnboardingOutcome(name: "ana", status: .created)]) : .failure(Drive.failure("no domain"))))
                default: break
                }
            }
            if state.busy {
                Issue.record("after key \(i) (\(key)): busy with no effect running")
                return
            }
            if i % 50_000 == 0 {
                _ = state.update(.resize(Size(width: 40 + Int(generator.next() % 120), height: 10 + Int(generator.next() % 50))))
            }
            if let problem = Self.checkInvariants(state) {
                Issue.record("after key \(i) (\(key)): \(problem)")
                return
            }
            if i % 10_000 == 0 {
                let frame = state.view()
                #expect(frame.rows.count == frame.size.height)
            }
        }
        #expect(quits > 0, "the walk should have left the wizard at least once")
    }
}
