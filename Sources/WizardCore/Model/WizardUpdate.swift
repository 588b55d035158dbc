import RoleEngine
import RoleExport

extension WizardState {
    /// Applies one event and says what the driver must do. Pure: same state and event,
    /// same result.
    public mutating func update(_ event: WizardEvent) -> [WizardEffect] {
        let before = answers
        let focusBefore = focusedField
        let stepBefore = step
        var effects: [WizardEffect] = []
        switch event {
        case .resize(let newSize):
            size = newSize
            if plan != nil { countReviewRows() }
        case .saveFinished(.success(let report)):
            modal = nil
            savedTo = report.directory
            status = Status(text: "Saved \(report.files.count) files to \(report.directory)/. Quit with Esc, or keep editing.", kind: .info)
        case .saveFinished(.failure(let failure)):
            status = Status(text: "Not saved: \(failure.message)", kind: .error)
        case .progress(let line):
            status = Status(text: line, kind: .info)
        case .tick:
            if isWaiting { spinner &+= 1 }
        case .lookupItems(let serial, let items):
            receiveLookupItems(serial: serial, items: items)
        case .lookupFinished(let serial, let failure):
            finishLookup(serial: serial, failure: failure)
        case .interrupt:
            guard busy else { effects += interruptLookup(); break }
            interruptions += 1
            status = Status(text: interruptions == 1
                            ? "Stopping: undoing what was done so far (Ctrl-C again gives the undoing up)…"
                            : "Giving the undoing up; what is left stays in the journal for smrole apply --rollback.",
                            kind: .error)
            effects.append(.cancelRunning)
        case .createFinished(.success(let arn)):
            busy = false
            createdRoleArn = arn
            status = Status(text: "The role is in AWS: \(arn). Onboard Studio users now, or Skip.", kind: .info)
            openOnboarding()
        case .createFinished(.failure(let report)):
            busy = false
            showReport(report)
        case .onboardFinished(.success(let outcomes)):
            busy = false
            let report = OnboardingOutcome.report(domain: onboardDomain.trimmingSpaces, outcomes: outcomes)
            // What is left to retry stays in the field; what was done leaves it.
            onboardUsers = outcomes.filter { if case .failed = $0.status { return true }; return false }
                .map(\.name).joined(separator: ", ")
            cursors[.onboardUsers] = nil
            showReport(report)
        case .onboardFinished(.failure(let report)):
            busy = false
            showReport(report, reopening: .onboard)
        case .key(let key):
            effects += handle(key)
        }
        if answers != before && mayWriteDraft { effects.insert(.saveDraft, at: 0) }
        if focusedField != focusBefore || step != stepBefore { touched.insert(focusBefore) }
        keepFocusVisible()
        return effects
    }

    /// A report replaces the status line's one line: the whole story, scrollable.
    private mutating func showReport(_ report: ActionReport, reopening: Modal? = nil) {
        reportReturn = reopening
        modal = .report(report)
        modalScroll = 0
        status = Status(text: report.summary, kind: report.succeeded ? .info : .error)
    }

    /// The onboarding dialog, fresh: the cursor at the end of what is kept (the domain, and
    /// the names that still need onboarding), never glued to old text.
    private mutating func openOnboarding() {
        modal = .onboard
        modalFocus = .onboardDomain
        onboardRevealed = false
        for field in WizardForm.onboarding.map(\.field) { cursors[field] = nil; touched.remove(field) }
    }

    private mutating func handle(_ key: Key) -> [WizardEffect] {
        switch modal {
        case .help?, .report?:
            let page = max(1, bodyHeight - 2)
            switch key {
            case .down, .character("j"): modalScroll += 1
            case .up, .character("k"): modalScroll = max(0, modalScroll - 1)
            case .pageDown, .character(" "): modalScroll += page
            case .pageUp: modalScroll = max(0, modalScroll - page)
            case .home: modalScroll = 0
            case .end: modalScroll = Int.max / 2
            default:
                if case .report? = modal, let back = reportReturn, !busy {
                    modal = back
                    if back == .onboard { openOnboarding() }
                } else {
                    modal = nil
                }
                reportReturn = nil
            }
            modalScroll = min(modalScroll, max(0, modalRowCount - page))
            return []
        case .resumeDraft?:
            switch key {
            case .character("r"), .character("R"), .enter:
                resumeOfferedDraft()
            case .character("n"), .character("N"):
                draftOffer = nil
                modal = nil
                status = Status(text: "Starting anew; the earlier draft is replaced once you change something.", kind: .info)
            case .escape:
                return [.quit(.cancelled)]
            default: break
            }
            return []
        case .confirmQuit?:
            switch key {
            case .character("y"), .character("Y"): return [.quit(.cancelled)]
            case .character("n"), .character("N"), .escape, .enter: modal = nil
            default: break
            }
            return []
        case .save?, .onboard?:
            if busy { return refuseWhileBusy(key) }
            return handleDialog(key)
        case .pickList?:
            return handlePickList(key)
        case nil:
            break
        }
        if busy { return refuseWhileBusy(key) }
        let field = focusedField
        if field.kind == .text, edit(field, with: key) { return [] }
        guard let action = KeyMap.action(for: key, on: field, pickable: lookupKind(for: field) != nil) else {
            if case .paste = key { status = Status(text: "Paste goes into text fields; move to one first.", kind: .info) }
            if key == .control("l") { return openPickList(on: field) }  // says the field has none
            return []
        }
        return perform(action, on: field)
    }

    /// While Create or onboarding runs: help opens and the review scrolls, anything that
    /// would change the answers or start another effect is refused with a word why.
    private mutating func refuseWhileBusy(_ key: Key) -> [WizardEffect] {
        let action = KeyMap.action(for: key, on: focusedField)
        switch action {
        case .help?:
            modal = .help
            modalScroll = 0
        case .scrollUp?, .scrollDown?, .pageUp?, .pageDown?, .top?, .bottom?:
            if modal == nil, step == .review { return perform(action!, on: focusedField) }
        default:
            status = Status(text: "Busy: wait for it to finish, or press Ctrl-C to stop it (what it did is undone).", kind: .info)
        }
        return []
    }

    // MARK: Text editing

    /// Edits a text field; false when the key is not an editing key.
    private mutating func edit(_ field: FieldID, with key: Key) -> Bool {
        guard var text = text(of: field) else { return false }
        var cursor = cursor(of: field)
        func index(_ offset: Int) -> String.Index { text.index(text.startIndex, offsetBy: offset) }
        switch key {
        case .character(let c):
            guard !c.isNewline, c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return true }
            text.insert(c, at: index(cursor))
            cursor += 1
        case .paste(let pasted):
            let clean = Self.cleanPaste(pasted, list: isListField(field))
            text.insert(contentsOf: clean, at: index(cursor))
            cursor += clean.count
        case .backspace:
            guard cursor > 0 else { return true }
            text.remove(at: index(cursor - 1))
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: index(cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("k"): text = String(text.prefix(cursor))
        default: return false
        }
        let limit = isListField(field) ? Self.listFieldLimit : Self.textFieldLimit
        if text.count > limit {
            status = Status(text: "A field holds at most \(limit) characters; the longest IAM value is 2048.", kind: .error)
            return true
        }
        setText(text, of: field)
        cursors[field] = cursor
        return true
    }

    /// Input limits: above IAM's longest values (ARNs of 2048), low enough that a runaway
    /// paste cannot make every keystroke slow.
    static let textFieldLimit = 4096
    static let listFieldLimit = 16384

    /// Pasted text without control characters; line breaks become separators in list
    /// fields and spaces elsewhere, so a paste can never submit anything.
    static func cleanPaste(_ text: String, list: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                out += list ? "," : " "
            } else if scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value) {
                out.unicodeScalars.append(scalar)
            }
        }
        if list {
            while out.contains(",,") { out = out.replacingOccurrences(of: ",,", with: ",") }
            while out.hasSuffix(",") { out.removeLast() }
        }
        return out
    }

    // MARK: Actions

    private mutating func perform(_ action: WizardAction, on field: FieldID) -> [WizardEffect] {
        switch action {
        case .nextField:
            if field == .customPolicyArn { addCustomPolicy(); return [] }
            moveFocus(by: 1)
        case .previousField: moveFocus(by: -1)
        case .pageDown:
            if field == .reviewBody { scrollReview(by: reviewViewportHeight) } else { moveFocus(by: 8) }
        case .pageUp:
            if field == .reviewBody { scrollReview(by: -reviewViewportHeight) } else { moveFocus(by: -8) }
        case .scrollDown: scrollReview(by: 1)
        case .scrollUp: scrollReview(by: -1)
        case .top:
            if field == .reviewBody { reviewScroll = 0 } else { focusEndOfList(of: field, last: false) }
        case .bottom:
            if field == .reviewBody { scrollReview(by: Int.max / 2) } else { focusEndOfList(of: field, last: true) }
        case .toggle: toggle(field)
        case .activate: return press(field)
        case .nextStep: goForward()
        case .previousStep: goBack()
        case .goToStep(let target): go(to: target)
        case .help:
            modal = .help
            modalScroll = 0
        case .quit: return quit()
        case .reuseValue: reuse(into: field)
        case .deleteRow:
            if case .tagKey(let i) = field { deleteTag(i) } else if case .tagValue(let i) = field { deleteTag(i) }
        case .addRow: addTag()
        case .clearField:
            setText("", of: field)
            cursors[field] = 0
        case .openPickList: return openPickList(on: field)
        case .pickMark, .pickDone, .pickReload: break
        }
        return []
    }

    /// Scrolls the review by whole pages of what it shows (so PgDn never skips a row), and
    /// never past the last row.
    private mutating func scrollReview(by delta: Int) {
        let limit = max(0, reviewRowCount - reviewViewportHeight)
        reviewScroll = max(0, min(limit, reviewScroll + max(-limit - 1, min(delta, limit + 1))))
    }

    /// Home and End in a list (activities, managed policies): its first or last entry.
    private mutating func focusEndOfList(of field: FieldID, last: Bool) {
        func sameList(_ other: FieldID) -> Bool {
            switch (field, other) {
            case (.activity, .activity), (.managedPolicy, .managedPolicy), (.saveFormat, .saveFormat): return true
            default: return false
            }
        }
        let list = fields(of: step).filter(sameList)
        if let target = last ? list.last : list.first { focus[step] = target }
    }

    private mutating func moveFocus(by delta: Int) {
        let list = fields(of: step)
        guard let index = list.firstIndex(of: focusedField) else { return }
        focus[step] = list[max(0, min(list.count - 1, index + delta))]
    }

    private mutating func toggle(_ field: FieldID) {
        switch field {
        case .persona(let id):
            if answers.persona != id { answers.choosePersona(id, catalog: catalog) }
            status = Status(text: "Persona \(catalog.persona(id)?.title ?? id): its activities are preselected in step 2.", kind: .info)
        case .activity(let id): answers.toggleActivity(id, catalog: catalog)
        case .managedPolicy(let arn):
            if answers.managedPolicies.contains(arn) { answers.managedPolicies.removeAll { $0 == arn } } else { answers.managedPolicies.append(arn) }
        case .networkSection, .advancedSection:
            if openSections.contains(field) { openSections.remove(field) } else { openSections.insert(field) }
        default: break
        }
    }

    private mutating func press(_ field: FieldID) -> [WizardEffect] {
        guard case .button(let button) = field else { return [] }
        switch button {
        case .back: goBack()
        case .next: goForward()
        case .addTag: addTag()
        case .save:
            guard plan != nil else {
                status = Status(text: "Nothing to save: \(planError ?? "the role has problems")", kind: .error)
                return []
            }
            modal = .save
            modalFocus = .saveDirectory
            cursors[.saveDirectory] = nil
        case .create:
            if let createdRoleArn {
                openOnboarding()
                status = Status(text: "\(createdRoleArn) exists already; onboard users, or Skip.", kind: .info)
                return []
            }
            guard plan != nil else {
                status = Status(text: "Nothing to create: \(planError ?? "the role has problems")", kind: .error)
                return []
            }
            busy = true
            interruptions = 0
            status = Status(text: "Creating the role in AWS…", kind: .info)
            return [.createRole]
        case .quit: return quit()
        case .confirmSave, .cancel, .confirmOnboard, .skipOnboard: break
        }
        return []
    }

    private mutating func quit() -> [WizardEffect] {
        if let createdRoleArn { return [.quit(.created(createdRoleArn))] }
        if let savedTo { return [.quit(.saved(savedTo))] }
        if dirty {
            modal = .confirmQuit
            return []
        }
        return [.quit(.cancelled)]
    }

    // MARK: Steps

    private mutating func goBack() {
        guard let previous = WizardStep(rawValue: step.rawValue - 1) else { return }
        touched.insert(focusedField)
        step = previous
        status = nil
    }

    /// Next is refused while the step has problems; the first one gets focus.
    @discardableResult
    private mutating func goForward() -> Bool {
        guard let next = WizardStep(rawValue: step.rawValue + 1) else { return false }
        let problems = issues.all(in: step)
        if !problems.isEmpty {
            revealed.insert(step)
            let first = problems[0]
            let named = first.field.map { "\(WizardForm.label(of: $0, catalog: catalog)): " } ?? ""
            // The count stays at the status row's right; the message names the first field.
            status = Status(text: "\(named)\(first.message)", kind: .error)
            if let field = first.field {
                if let section = WizardForm.section(of: field) { openSections.insert(section) }
                if fields(of: step).contains(field) { focus[step] = field }
            }
            return false
        }
        touched.insert(focusedField)
        if next == .review {
            buildPlan()
            if let planError {
                status = Status(text: planError, kind: .error)
                return false
            }
            reviewScroll = 0
        }
        step = next
        status = nil
        return true
    }

    private mutating func go(to target: WizardStep) {
        while step > target { goBack() }
        while step < target { if !goForward() { return } }
    }

    // MARK: Step 2 and 3 helpers

    /// Fills a parameter with a value typed for another activity's parameter of the same
    /// kind (e.g. the PassRole of Manage ML Jobs for Manage Models); repeated, it cycles.
    private mutating func reuse(into field: FieldID) {
        guard case .parameter(let activityID, let key) = field,
              let kind = catalog.activity(activityID)?.parameter(key)?.kind else { return }
        var candidates: [String] = []
        for activity in catalog.activities where activity.id != activityID {
            for parameter in activity.parameters where parameter.kind == kind {
                if let text = answers.parameters[activity.id]?[parameter.key]?.trimmingSpaces, !text.isEmpty, !candidates.contains(text) {
                    candidates.append(text)
                }
            }
        }
        guard !candidates.isEmpty else {
            status = Status(text: "No other activity has a value of this kind yet.", kind: .info)
            return
        }
        let current = (answers.parameters[activityID]?[key] ?? "").trimmingSpaces
        let next = candidates.firstIndex(of: current).map { candidates[($0 + 1) % candidates.count] } ?? candidates[0]
        setText(next, of: field)
        cursors[field] = next.count
    }

    private mutating func addCustomPolicy() {
        var arn = customPolicyText.trimmingSpaces
        guard !arn.isEmpty else { moveFocus(by: 1); return }
        // A bare name resolves to its ARN: a listed AWS managed policy, or one the pick list read.
        if !arn.contains(":") {
            let named = policyArns(named: arn)
            if named.count > 1 {
                status = Status(text: "Not added: \(named.count) policies are named \(VisibleText.quoted(arn)): "
                                + named.joined(separator: ", ") + "; give the ARN of the one you mean", kind: .error)
                return
            }
            if let one = named.first { arn = one }
        }
        if answers.managedPolicies.contains(arn) {
            status = Status(text: "\(ManagedPolicyEntry(arn: arn, summary: "").name) is added already.", kind: .info)
            return
        }
        if !arn.contains(":") {
            status = Status(text: "Not added: no listed policy is named \(VisibleText.quoted(arn)); give its ARN "
                            + "(arn:aws:iam::<account>:policy/<name>), or pick it from the account with Ctrl-L",
                            kind: .error)
            return
        }
        if let problem = IAMRules.managedPolicyArn(arn) {
            status = Status(text: "Not added: \(problem)", kind: .error)
            return
        }
        if !answers.managedPolicies.contains(arn) { answers.managedPolicies.append(arn) }
        customPolicyText = ""
        cursors[.customPolicyArn] = 0
        status = Status(text: "Added \(arn).", kind: .info)
    }

    private mutating func addTag() {
        guard answers.tags.count < 50 else {
            status = Status(text: "IAM allows at most 50 tags per role.", kind: .error)
            return
        }
        answers.tags.append(WizardAnswers.Tag(key: "", value: ""))
        focus[.policies] = .tagKey(answers.tags.count - 1)
    }

    private mutating func deleteTag(_ index: Int) {
        guard answers.tags.indices.contains(index) else { return }
        answers.tags.remove(at: index)
        cursors = cursors.filter { if case .tagKey = $0.key { return false }; if case .tagValue = $0.key { return false }; return true }
        focus[.policies] = answers.tags.isEmpty ? .button(.addTag) : .tagKey(min(index, answers.tags.count - 1))
    }

    // MARK: Dialogs (save, onboard)

    /// Tab and arrows move, text fields take typing, Enter moves on from a text field and
    /// presses anything else, Esc closes.
    private mutating func handleDialog(_ key: Key) -> [WizardEffect] {
        let field = modalFocus
        if key == .escape { modal = nil; return [] }
        if KeyMap.action(for: key, on: field, pickable: lookupKind(for: field) != nil) == .openPickList {
            return openPickList(on: field)
        }
        let navigation: Set<Key> = [.enter, .tab, .backTab, .up, .down]
        if field.kind == .text, !navigation.contains(key) {
            if edit(field, with: key) { return [] }
            // The text fields' own bindings (Ctrl-U) hold in dialogs too: one key map.
            if KeyMap.action(for: key, on: field) == .clearField {
                setText("", of: field)
                cursors[field] = 0
                return []
            }
        }
        let list = modalFields
        let index = list.firstIndex(of: field) ?? 0
        switch key {
        case .tab, .down: modalFocus = list[min(list.count - 1, index + 1)]
        case .backTab, .up: modalFocus = list[max(0, index - 1)]
        case .enter where field.kind == .text: modalFocus = list[min(list.count - 1, index + 1)]
        case .enter, .character(" "): return pressInDialog(field)
        default: break
        }
        if modalFocus != field { touched.insert(field) }
        return []
    }

    private mutating func pressInDialog(_ field: FieldID) -> [WizardEffect] {
        switch field {
        case .saveFormat(let format) where format != "json":
            if saveFormats.contains(format) { saveFormats.remove(format) } else { saveFormats.insert(format) }
        case .button(.cancel), .button(.skipOnboard):
            modal = nil
        case .button(.confirmSave):
            let directory = saveDirectory.trimmingSpaces
            guard !directory.isEmpty else {
                status = Status(text: "Give a folder to save into.", kind: .error)
                return []
            }
            status = Status(text: "Saving…", kind: .info)
            return [.save(directory: directory, formats: ExportFormat.allCases.map(\.rawValue).filter(saveFormats.contains))]
        case .button(.confirmOnboard):
            let domain = onboardDomain.trimmingSpaces
            let users = OnboardingInput.names(onboardUsers)
            let problems = OnboardingInput.problems(domain: onboardDomain, users: onboardUsers, image: onboardImage)
            if let first = WizardForm.onboarding.first(where: { problems[$0.field] != nil }) {
                onboardRevealed = true
                modalFocus = first.field
                let count = problems.values.reduce(0) { $0 + $1.count }
                status = Status(text: "Nothing was created: \(count) problem\(count == 1 ? "" : "s") in the dialog. "
                                + "\(first.label): \(problems[first.field]![0])", kind: .error)
                return []
            }
            busy = true
            interruptions = 0
            status = Status(text: "Onboarding \(users.count) user\(users.count == 1 ? "" : "s")…", kind: .info)
            let image = onboardImage.trimmingSpaces
            return [.onboard(domainId: domain, users: users, image: image.isEmpty ? nil : image)]
        default:
            break
        }
        return []
    }
}
