from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import SampleApplication
from .services import sample_application_submit


class SampleApplicationSubmitApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        comment = serializers.CharField(required=False, allow_blank=True, default="")

    class OutputSerializer(serializers.Serializer):
        number = serializers.CharField()
        state = serializers.CharField()

    def post(self, request, pk):
        application = get_object_or_404(SampleApplication, pk=pk, applicant=request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = sample_application_submit(
            application, actor=request.user, comment=data.validated_data["comment"]
        )
        return Response(self.OutputSerializer(application).data)
