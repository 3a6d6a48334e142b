complete -c ipvsadm-restore -l netns -d 'Work in this network namespace (a name under /run/netns, or a path)' -r
complete -c ipvsadm-restore -l check -d 'Only check the rules: report every bad line with its number, change nothing; exit 1 if any line is bad'
complete -c ipvsadm-restore -l converge -d 'Do not clear the table: change only what differs from the rules, adding before deleting, so that traffic is never dropped'
complete -c ipvsadm-restore -l dry-run -d 'With --converge (implied): print the changes as ipvsadm command lines instead of making them'
complete -c ipvsadm-restore -s v -l verbose -d 'With --converge: print each change made, and a summary, on stderr'
complete -c ipvsadm-restore -l line-numbers -d 'Prefix each error with the number of the line that caused it'
complete -c ipvsadm-restore -l strict -d 'Exit with the status of the first failing line (the classic tool exits with the last line\'s status, hiding earlier failures)'
complete -c ipvsadm-restore -s h -l help -d 'Print help'
complete -c ipvsadm-restore -s V -l version -d 'Print version'
