import RoleEngine

extension WizardState {
    /// The body of the current step laid out for a width.
    func bodyLayout(width: Int, measuring: Bool = false) -> BodyLayout {
        var layout = BodyLayout(width: width, glyphs: options.glyphs, focused: focusedField, measuring: measuring)
        switch step {
        case .role: layoutRole(&layout)
        case .activities: layoutActivities(&layout)
        case .policies: layoutPolicies(&layout)
        case .review: layoutReview(&layout)
        }
        return layout
    }

    private func textField(_ layout: inout BodyLayout, _ input: WizardForm.TextInput) {
        layout.textField(input.field, label: input.label, hint: input.hint, value: text(of: input.field) ?? "",
                         cursor: cursor(of: input.field), errors: visibleMessages(for: input.field))
    }

    /// Step 1 from `WizardForm.roleSettings`, the table plain mode asks from too.
    private func layoutRole(_ layout: inout BodyLayout) {
        layout.blank()
        for item in WizardForm.roleSettings { layoutItem(item, &layout) }
        layout.blank()
        layout.buttons([(.button(.next), "Next \(options.glyphs.arrow)", issues.count(in: .role) == 0)])
    }

    private func layoutItem(_ item: WizardForm.Item, _ layout: inout BodyLayout) {
        switch item {
        case .text(let input):
            textField(&layout, input)
            // Blank rows where the form changes subject: after the description and the region.
            if input.field == .description || input.field == .region { layout.blank() }
        case .personas:
            layout.heading("Persona")
            for persona in catalog.personas {
                layout.choice(.persona(persona.id), on: answers.persona == persona.id, radio: true, title: persona.title,
                              detail: persona.summary, errors: visibleMessages(for: .persona(persona.id)))
            }
            layout.blank()
        case .section(let id, let title, let note, let items):
            let open = openSections.contains(id)
            layout.section(id, open: open, title: title)
            guard open else { return }
            if let note { layout.text(note, .muted, indent: 4) }
            for item in items { layoutItem(item, &layout) }
        }
    }

    private func layoutActivities(_ layout: inout BodyLayout) {
        layout.blank()
        let persona = catalog.persona(answers.persona)?.title ?? answers.persona
        layout.text("Activities for \(persona). Selected activities that need resources open their fields below them; Ctrl-R reuses a value from another activity.", .muted)
        layout.blank()
        for activity in catalog.activities {
            let on = answers.activities.contains(activity.id)
            var detail = activity.description
            if activity.network || activity.encryption {
                detail += " (" + [activity.network ? "VPC" : nil, activity.encryption ? "KMS" : nil].compactMap { $0 }.joined(separator: ", ") + ")"
            }
            layout.choice(.activity(activity.id), on: on, radio: false, title: activity.title, detail: detail,
                          errors: on ? visibleMessages(for: .activity(activity.id)) : [])
            guard on else { continue }
            for parameter in activity.parameters {
                let field = FieldID.parameter(activity: activity.id, key: parameter.key)
                var hint = parameter.required ? "required" : "optional"
                hint += ", " + parameter.kind.hint
                layout.textField(field, label: "  " + parameter.title, hint: hint, value: text(of: field) ?? "",
                                 cursor: cursor(of: field), errors: visibleMessages(for: field))
            }
        }
        layout.blank()
        layout.buttons([(.button(.back), "\(options.glyphs.arrow == "→" ? "←" : "<-") Back", true),
                        (.button(.next), "Next \(options.glyphs.arrow)", issues.count(in: .activities) == 0)])
    }

    private func layoutPolicies(_ layout: inout BodyLayout) {
        let attached = answers.managedPolicies.count
        layout.blank()
        layout.heading("AWS managed policies (\(attached) added; customer-managed policies of the activities come on top)")
        textField(&layout, WizardForm.policySearch)
        for entry in visibleManagedPolicies {
            layout.choice(.managedPolicy(entry.arn), on: answers.managedPolicies.contains(entry.arn), radio: false,
                          title: entry.name, detail: entry.summary)
        }
        if visibleManagedPolicies.isEmpty { layout.text("No policy matches; type its ARN below.", .muted, indent: 4) }
        var arnErrors = visibleMessages(for: .customPolicyArn)
        let typed = customPolicyText.trimmingSpaces
        if !typed.isEmpty, let problem = IAMRules.managedPolicyArn(typed) { arnErrors.insert(problem, at: 0) }
        layout.textField(.customPolicyArn, label: WizardForm.policyArn.label, hint: WizardForm.policyArn.hint, value: customPolicyText,
                         cursor: cursor(of: .customPolicyArn), errors: arnErrors)
        layout.blank()
        let left = 50 - answers.tags.count
        layout.heading("Tags (\(left) of 50 left)")
        if answers.tags.isEmpty { layout.text("No tags. Add one with the button below (or Ctrl-A in a tag).", .muted, indent: 4) }
        for (i, tag) in answers.tags.enumerated() {
            layout.textField(.tagKey(i), label: "Tag \(i + 1) key", hint: "Ctrl-D deletes the tag", value: tag.key,
                             cursor: cursor(of: .tagKey(i)), errors: visibleMessages(for: .tagKey(i)))
            layout.textField(.tagValue(i), label: "Tag \(i + 1) value", hint: nil, value: tag.value,
                             cursor: cursor(of: .tagValue(i)), errors: visibleMessages(for: .tagValue(i)))
        }
        for message in issues.byStep[.policies] ?? [] { layout.text("\(options.glyphs.warning) " + message, .error, indent: 4) }
        layout.buttons([(.button(.addTag), "+ Add tag", left > 0)])
        layout.blank()
        layout.buttons([(.button(.back), "\(options.glyphs.arrow == "→" ? "←" : "<-") Back", true),
                        (.button(.next), "Review \(options.glyphs.arrow)", issues.count(in: .policies) == 0)])
    }

    private func layoutReview(_ layout: inout BodyLayout) {
        let viewportHeight = reviewViewportHeight
        let content = reviewRows.flatMap { $0.width == layout.width ? $0.rows : nil }
            ?? ReviewContent.rows(for: self, width: layout.width)
        let maxScroll = max(0, content.count - viewportHeight)
        let offset = min(reviewScroll, maxScroll)
        layout.cursors[.reviewBody] = (layout.rows.count, 0)
        layout.anchors[.reviewBody] = layout.rows.count..<(layout.rows.count + viewportHeight)
        for i in 0..<viewportHeight {
            let index = offset + i
            layout.rows.append(index < content.count ? content[index] : [])
        }
        let position = content.count <= viewportHeight ? "all shown"
            : "lines \(offset + 1)-\(min(content.count, offset + viewportHeight)) of \(content.count)"
        layout.buttons([(.button(.back), "\(options.glyphs.arrow == "→" ? "←" : "<-") Back", true),
                        (.button(.save), "Save files", plan != nil),
                        (.button(.create), createdRoleArn == nil ? "Create in AWS" : "Onboard users", plan != nil),
                        (.button(.quit), "Quit", true)])
        layout.line { $0.add("  " + position + (focusedField == .reviewBody ? "" : "  (Tab to the policies to scroll)"), .muted) }
    }
}

extension ParameterKind {
    /// The format help shown beside a parameter field.
    var hint: String {
        switch self {
        case .s3Bucket: return "bucket names"
        case .roleArn: return "role ARNs"
        case .ecrRepositoryArn: return "repository ARNs"
        case .athenaWorkgroup: return "workgroup names"
        case .glueDatabase: return "database names"
        case .kendraIndexId: return "index ids"
        }
    }
}
