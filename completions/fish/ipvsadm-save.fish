complete -c ipvsadm-save -s n -d 'print addresses and ports as numbers'
