from pup_node.main import run

run()
