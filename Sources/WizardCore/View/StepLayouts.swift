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

    private func textField(_ layout: inout BodyLayout, _ field: FieldID, _ label: String, hint: String? = nil) {
        layout.textField(field, label: label, hint: hint, value: text(of: field) ?? "", cursor: cursor(of: field),
                         errors: issues.messages(for: field))
    }

    private func layoutRole(_ layout: inout BodyLayout) {
        layout.blank()
        textField(&layout, .roleName, "Role name", hint: "1-64 letters, digits, + = , . @ _ -")
        textField(&layout, .description, "Description", hint: "optional, up to 1000 characters")
        layout.blank()
        layout.heading("Persona")
        for persona in catalog.personas {
            layout.choice(.persona(persona.id), on: answers.persona == persona.id, radio: true, title: persona.title,
                          detail: persona.summary, errors: issues.messages(for: .persona(persona.id)))
        }
        layout.blank()
        textField(&layout, .account, "Account ID", hint: "optional: 12 digits; ties the trust policy to it")
        textField(&layout, .region, "Region", hint: "optional, e.g. us-east-1")
        layout.blank()
        let networkOpen = openSections.contains(.networkSection)
        layout.section(.networkSection, open: networkOpen, title: "Network and encryption (optional)")
        if networkOpen {
            layout.text("Jobs and apps may then only run in this VPC and with these keys. Separate values with commas.", .muted, indent: 4)
            textField(&layout, .subnets, "VPC subnets", hint: "subnet-…")
            textField(&layout, .securityGroups, "Security groups", hint: "sg-…")
            textField(&layout, .volumeKeys, "Volume KMS keys", hint: "key ARNs")
            textField(&layout, .dataKeys, "Data (output) KMS keys", hint: "key ARNs")
        }
        let advancedOpen = openSections.contains(.advancedSection)
        layout.section(.advancedSection, open: advancedOpen, title: "Advanced: path, session length, permissions boundary")
        if advancedOpen {
            textField(&layout, .path, "Path", hint: "default /service-role/")
            textField(&layout, .maxSession, "Maximum session duration (seconds)", hint: "3600-43200; default 3600")
            textField(&layout, .boundary, "Permissions boundary", hint: "optional managed policy ARN")
        }
        layout.blank()
        layout.buttons([(.button(.next), "Next \(options.glyphs.arrow)", issues.count(in: .role) == 0)])
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
                          errors: on ? issues.messages(for: .activity(activity.id)) : [])
            guard on else { continue }
            for parameter in activity.parameters {
                let field = FieldID.parameter(activity: activity.id, key: parameter.key)
                var hint = parameter.required ? "required" : "optional"
                hint += ", " + parameter.kind.hint
                layout.textField(field, label: "  " + parameter.title, hint: hint, value: text(of: field) ?? "",
                                 cursor: cursor(of: field), errors: issues.messages(for: field))
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
        textField(&layout, .policyFilter, "Search", hint: "filters the list by name or purpose")
        for entry in visibleManagedPolicies {
            layout.choice(.managedPolicy(entry.arn), on: answers.managedPolicies.contains(entry.arn), radio: false,
                          title: entry.name, detail: entry.summary)
        }
        if visibleManagedPolicies.isEmpty { layout.text("No policy matches; type its ARN below.", .muted, indent: 4) }
        var arnErrors = issues.messages(for: .customPolicyArn)
        let typed = customPolicyText.trimmingSpaces
        if !typed.isEmpty, let problem = IAMRules.managedPolicyArn(typed) { arnErrors.insert(problem, at: 0) }
        layout.textField(.customPolicyArn, label: "Add a policy by ARN", hint: "Enter adds it", value: customPolicyText,
                         cursor: cursor(of: .customPolicyArn), errors: arnErrors)
        layout.blank()
        let left = 50 - answers.tags.count
        layout.heading("Tags (\(left) of 50 left)")
        if answers.tags.isEmpty { layout.text("No tags. Add one with the button below (or Ctrl-A in a tag).", .muted, indent: 4) }
        for (i, tag) in answers.tags.enumerated() {
            layout.textField(.tagKey(i), label: "Tag \(i + 1) key", hint: "Ctrl-D deletes the tag", value: tag.key,
                             cursor: cursor(of: .tagKey(i)), errors: issues.messages(for: .tagKey(i)))
            layout.textField(.tagValue(i), label: "Tag \(i + 1) value", hint: nil, value: tag.value,
                             cursor: cursor(of: .tagValue(i)), errors: issues.messages(for: .tagValue(i)))
        }
        for message in issues.byStep[.policies] ?? [] { layout.text("\(options.glyphs.warning) " + message, .error, indent: 4) }
        layout.buttons([(.button(.addTag), "+ Add tag", left > 0)])
        layout.blank()
        layout.buttons([(.button(.back), "\(options.glyphs.arrow == "→" ? "←" : "<-") Back", true),
                        (.button(.next), "Review \(options.glyphs.arrow)", issues.count(in: .policies) == 0)])
    }

    private func layoutReview(_ layout: inout BodyLayout) {
        let viewportHeight = max(3, bodyHeight - 2)
        let content = ReviewContent.rows(for: self, width: layout.width)
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
