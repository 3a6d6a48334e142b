complete -c ipvsadm-restore -l no-warn -d 'with --check: do not report these warnings (see the man page)' -r
complete -c ipvsadm-restore -l netns -d 'work in this network namespace (/run/netns/NAME or a path)' -r
complete -c ipvsadm-restore -l check -d 'only check the rules: report every bad line, change nothing'
complete -c ipvsadm-restore -l json -d 'with --check: one JSON object per finding, a line each, on stdout'
complete -c ipvsadm-restore -l fail-on-warnings -d 'with --check: exit 1 on warnings too'
complete -c ipvsadm-restore -l converge -d 'change only what differs from the rules, adding before deleting'
complete -c ipvsadm-restore -l dry-run -d 'with --converge (implied): print the changes, make none'
complete -c ipvsadm-restore -l verbose -d 'with --converge: print each change made, and a count'
complete -c ipvsadm-restore -l line-numbers -d 'begin each error with the number of its line'
complete -c ipvsadm-restore -l strict -d 'exit with the first failing line\'s status, not the last\'s'
complete -c ipvsadm-restore -l help -d 'print this help and exit'
complete -c ipvsadm-restore -l version -d 'print the version and exit'
