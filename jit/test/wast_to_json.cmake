# cmake -DWAST2JSON=... -DSRC=<dir of .wast> -DOUT=<dir> -P wast_to_json.cmake
# Converts every .wast of SRC with wast2json into OUT (scripts the tool cannot read are skipped:
# the JIT's spec check only runs what converts).
file(MAKE_DIRECTORY ${OUT})
file(GLOB wasts ${SRC}/*.wast)
foreach(wast ${wasts})
  get_filename_component(stem ${wast} NAME_WE)
  execute_process(COMMAND ${WAST2JSON} ${wast} -o ${OUT}/${stem}.json
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
endforeach()
file(TOUCH ${OUT}/stamp)
