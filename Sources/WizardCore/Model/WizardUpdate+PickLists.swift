import RoleEngine

/// Pick lists: Ctrl-L on a field with one opens it over the step (or the onboarding dialog),
/// its rows arrive from a lookup the driver runs off the loop, the filter narrows them as the
/// user types, and Enter writes the choice into the field. When the lookup fails (no
/// credentials, access denied, offline), the list closes and says why in one line: the field
/// still takes typing, as it always did.
extension WizardState {
    /// The pick list a field offers, if any.
    public func lookupKind(for field: FieldID) -> LookupKind? { WizardForm.lookup(for: field, catalog: catalog) }

    /// Rows a page of the open list shows (heading, filter, count and page lines take the rest).
    var pickListPageSize: Int { max(1, bodyHeight - 4) }

    /// Lists are cached per region; IAM's lists are the same in every region.
    func lookupCacheKey(_ kind: LookupKind) -> String {
        kind.isRegional ? kind.rawValue + "@" + answers.region.trimmingSpaces : kind.rawValue
    }

    mutating func openPickList(on field: FieldID) -> [WizardEffect] {
        guard let kind = lookupKind(for: field) else {
            status = Status(text: "\(WizardForm.label(of: field, catalog: catalog)) has no pick list; type its value.",
                            kind: .info)
            return []
        }
        // A list read in a region the Region field already refuses would only echo AWS's error.
        if kind.isRegional, let problem = issues.messages(for: .region).first {
            status = Status(text: "No pick list: the Region \(problem); fix it in step 1 first.", kind: .error)
            return []
        }
        // The managed-policy rows, the search box and the ARN field all pick into one list.
        let target: FieldID
        switch field {
        case .managedPolicy, .customPolicyArn: target = .policyFilter
        default: target = field
        }
        let multiple = target == .policyFilter || WizardForm.isList(target)
        let current = target == .policyFilter ? answers.managedPolicies : Self.values(of: text(of: target) ?? "")
        lookupSerial += 1
        var list = PickList(kind: kind, target: target, multiple: multiple, serial: lookupSerial, loading: true,
                            marked: multiple ? current : [], initialMarks: multiple ? current : [],
                            returnTo: modal == .onboard ? .onboard : nil)
        if kind.isBuiltIn {
            list.items = LookupKind.jupyterLabRows
            list.loading = false
        } else if let cached = lookupCache[lookupCacheKey(kind)] {
            list.items = cached
            list.loading = false
        }
        if !multiple, let value = current.first, let index = list.items.firstIndex(where: { $0.value == value }) {
            list.highlight = index
        }
        // What was typed in the policy search (or as a bare policy name) starts the filter.
        let typed = field == .policyFilter ? policyFilter : field == .customPolicyArn ? customPolicyText : ""
        if !typed.contains(":") { list.filter = String(typed.trimmingSpaces.prefix(200)) }
        touched.insert(field)
        pickList = list
        modal = .pickList
        status = nil
        return list.loading ? [.lookup(lookupRequest(list))] : []
    }

    private func lookupRequest(_ list: PickList) -> LookupRequest {
        LookupRequest(serial: list.serial, kind: list.kind, region: answers.region.trimmingSpaces)
    }

    /// A list field's values as typed (commas separate them).
    static func values(of text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }

    mutating func handlePickList(_ key: Key) -> [WizardEffect] {
        guard var list = pickList else {
            modal = nil
            return []
        }
        defer { if pickList != nil { pickList = list } }
        // Words of a filter are separated by spaces: once one is typed, Space types (Tab marks).
        let typesSpace = key == .character(" ") && !list.filter.isEmpty
        let action = typesSpace ? nil : KeyMap.bindings(.pickList).first { $0.keys.contains(key) }?.action
        switch action {
        case .quit?: return closePickList(list, taking: false)
        case .pickDone?:
            if list.multiple, list.marked == list.initialMarks, let row = list.highlighted,
               !list.marked.contains(row.value) {
                list.marked.append(row.value)
            }
            return closePickList(list, taking: true)
        case .pickMark?:
            guard list.multiple else { return closePickList(list, taking: true) }
            list.toggleHighlighted()
        case .scrollDown?: list.move(by: 1)
        case .scrollUp?: list.move(by: -1)
        case .pageDown?: list.move(by: pickListPageSize)
        case .pageUp?: list.move(by: -pickListPageSize)
        case .top?: list.highlight = 0
        case .bottom?: list.move(by: Int.max / 2)
        case .pickReload?:
            guard !list.kind.isBuiltIn else { return [] }
            var effects: [WizardEffect] = list.loading ? [.cancelLookup(serial: list.serial)] : []
            lookupSerial += 1
            list.serial = lookupSerial
            list.items = []
            list.highlight = 0
            list.loading = true
            lookupCache[lookupCacheKey(list.kind)] = nil
            effects.append(.lookup(lookupRequest(list)))
            return effects
        case .clearField?:
            list.filter = ""
            list.highlight = 0
        default:
            // Everything else edits the filter: typing narrows the rows.
            switch key {
            case .character(let c) where c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }):
                guard list.filter.count < 200 else { return [] }
                list.filter.append(c)
            case .paste(let text):
                list.filter += String(Self.cleanPaste(text, list: false).prefix(max(0, 200 - list.filter.count)))
            case .backspace:
                if !list.filter.isEmpty { list.filter.removeLast() }
            default:
                return []
            }
            list.highlight = 0
        }
        return []
    }

    /// Closes the list, writing the choice into its field when `taking`; stops its lookup if it runs.
    private mutating func closePickList(_ list: PickList, taking: Bool) -> [WizardEffect] {
        pickList = nil
        modal = list.returnTo
        if list.returnTo == .onboard { modalFocus = list.target }
        if taking { take(list) }
        return list.loading ? [.cancelLookup(serial: list.serial)] : []
    }

    private mutating func take(_ list: PickList) {
        let field = list.target
        if field == .policyFilter {
            answers.managedPolicies = list.marked
            let added = list.marked.filter { !list.initialMarks.contains($0) }.count
            let removed = list.initialMarks.filter { !list.marked.contains($0) }.count
            status = Status(text: "Managed policies: \(added) added, \(removed) removed; \(list.marked.count) in all.",
                            kind: .info)
            return
        }
        let value: String
        if list.multiple {
            value = list.marked.joined(separator: ", ")
        } else {
            guard let row = list.highlighted else { return }
            value = row.value
        }
        setText(value, of: field)
        cursors[field] = nil
        touched.insert(field)
        let label = WizardForm.label(of: field, catalog: catalog)
        status = Status(text: "\(label): \(value.isEmpty ? "cleared" : value)", kind: .info)
    }

    mutating func receiveLookupItems(serial: Int, items: [PickItem]) {
        guard var list = pickList, list.serial == serial else { return }
        let first = list.items.isEmpty
        list.receive(items)
        if first, !list.multiple, let value = Self.values(of: text(of: list.target) ?? "").first,
           let index = list.visible.firstIndex(where: { $0.value == value }) {
            list.highlight = index
        }
        pickList = list
    }

    /// The lookup ended. A list with no rows and a failure closes: the field takes typing.
    mutating func finishLookup(serial: Int, failure: LookupFailure?) {
        guard var list = pickList, list.serial == serial else { return }
        list.loading = false
        if let failure {
            if list.items.isEmpty {
                _ = closePickList(list, taking: false)
                status = Status(text: "No pick list: \(failure.reason). Type the value instead.", kind: .error)
                return
            }
            status = Status(text: "Only part of the list: \(failure.reason)", kind: .error)
        } else {
            lookupCache[lookupCacheKey(list.kind)] = list.items
        }
        pickList = list
    }

    /// Ctrl-C in a list: while it is read, stop reading and keep what arrived; after, close it
    /// changing nothing (as Esc does; leaving the wizard would lose the session's state).
    mutating func interruptLookup() -> [WizardEffect] {
        guard var list = pickList else { return [] }
        guard list.loading else {
            status = Status(text: "Closed the list; nothing changed.", kind: .info)
            return closePickList(list, taking: false)
        }
        list.loading = false
        pickList = list
        status = Status(text: "Stopped reading the list; pick from what arrived, or Esc and type the value.",
                        kind: .info)
        return [.cancelLookup(serial: list.serial)]
    }

    /// The ARNs of the managed policies a bare name names: in the bundled list and, once the pick
    /// list has read them, the account's (a name can be AWS's and a customer's, or at two paths).
    func policyArns(named name: String) -> [String] {
        let lower = name.lowercased()
        var arns = managedPolicyCatalog.filter { $0.name.lowercased() == lower }.map(\.arn)
        for row in lookupCache[lookupCacheKey(.policies)] ?? [] where row.title.lowercased() == lower {
            if !arns.contains(row.value) { arns.append(row.value) }
        }
        return arns
    }

    /// What the step-3 list says of a policy added from the account (or by ARN).
    func accountPolicySummary(_ arn: String) -> String? {
        lookupCache[lookupCacheKey(.policies)]?.first { $0.value == arn }?.detail
    }
}
