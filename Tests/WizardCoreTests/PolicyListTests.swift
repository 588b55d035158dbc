import RoleEngine
import Testing
@testable import WizardCore

@Suite("Policy list")
struct PolicyListTests {
    static func policies() -> WizardState {
        var state = Drive.wizard(Drive.dataScientist)
        Drive.press(&state, .function(4))
        return state
    }

    @Test func aBarePolicyNameResolvesToItsArn() {
        var state = Self.policies()
        Drive.focus(&state, .customPolicyArn)
        Drive.type(&state, "AmazonSageMakerReadOnly")
        Drive.press(&state, .enter)
        #expect(state.answers.managedPolicies == ["arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"])
    }

    @Test func addingAPolicyTwiceSaysSo() {
        var state = Self.policies()
        Drive.focus(&state, .customPolicyArn)
        Drive.type(&state, "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly")
        Drive.press(&state, .enter)
        Drive.type(&state, "AmazonSageMakerReadOnly")
        Drive.press(&state, .enter)
        #expect(state.answers.managedPolicies.count == 1)
        #expect(state.status?.text == "AmazonSageMakerReadOnly is added already.")
    }

    @Test func anUnknownBareNameAsksForTheArn() {
        var state = Self.policies()
        Drive.focus(&state, .customPolicyArn)
        Drive.type(&state, "MyTeamPolicy")
        Drive.press(&state, .enter)
        #expect(state.answers.managedPolicies.isEmpty)
        #expect(state.status?.text.contains("give its ARN") == true)
    }

    @Test func homeAndEndGoToTheEndsOfTheList() {
        var state = Self.policies()
        let first = state.visibleManagedPolicies.first!.arn, last = state.visibleManagedPolicies.last!.arn
        Drive.focus(&state, .managedPolicy(first))
        Drive.press(&state, .end)
        #expect(state.focusedField == .managedPolicy(last))
        Drive.press(&state, .home)
        #expect(state.focusedField == .managedPolicy(first))
    }
}
