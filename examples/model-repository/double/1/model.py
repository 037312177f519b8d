"""A tiny Triton Python-backend model: OUTPUT0 = 2 * INPUT0 (FP32, 4 values)."""

import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            values = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            doubled = pb_utils.Tensor("OUTPUT0", values * 2)
            responses.append(pb_utils.InferenceResponse(output_tensors=[doubled]))
        return responses
