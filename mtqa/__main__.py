from mtqa.cli.app import main

main()
